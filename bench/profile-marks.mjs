// Preloaded (node --import) by `bench-scaffold.mjs --profile`: on exit, write the process's phase marks
// (performance.mark calls in the CLI, Node's own bootstrap time) to $DATA_ENG_MARKS_FILE as JSON.
import { writeFileSync } from 'node:fs';

process.on('exit', () => {
  const file = process.env.DATA_ENG_MARKS_FILE;
  if (!file) return;
  const marks = performance.getEntriesByType('mark').map((mark) => ({ name: mark.name, at: mark.startTime }));
  const bootstrap = performance.nodeTiming.bootstrapComplete;
  writeFileSync(file, JSON.stringify({ bootstrap, marks, exit: performance.now() }));
});
