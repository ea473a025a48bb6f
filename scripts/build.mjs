// Compile the TypeScript sources and copy the generators' templates beside the compiled code.
// Usage: node scripts/build.mjs [outDir]   (default dist; tests read DATA_ENG_DIST, default dist)
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const outDir = process.argv[2] ?? 'dist';
rmSync(outDir, { recursive: true, force: true });
execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json', '--outDir', outDir], {
  stdio: 'inherit',
});
for (const root of ['generators', 'plugins']) {
  if (!existsSync(root)) continue;
  for (const name of readdirSync(root)) {
    const templates = join(root, name, 'templates');
    if (existsSync(templates)) cpSync(templates, join(outDir, templates), { recursive: true });
  }
}
