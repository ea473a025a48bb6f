// Compile the TypeScript sources and copy the generators' templates beside the compiled code, then
// bundle the data-eng command line into <outDir>/cli (scripts/bundle-cli.mjs; bin/data-eng.js starts there).
// Usage: node scripts/build.mjs [outDir]   (default dist; tests read DATA_ENG_DIST, default dist)
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { bundleCli } from './bundle-cli.mjs';

const outDir = process.argv[2] ?? 'dist';
rmSync(outDir, { recursive: true, force: true });
execFileSync(
  process.execPath,
  ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json', '--outDir', outDir],
  {
    stdio: 'inherit',
  },
);
for (const root of ['generators', 'plugins']) {
  if (!existsSync(root)) continue;
  for (const name of readdirSync(root)) {
    const templates = join(root, name, 'templates');
    if (existsSync(templates)) cpSync(templates, join(outDir, templates), { recursive: true });
  }
}
await bundleCli(outDir);
