// Compile the TypeScript sources to dist/ and copy the generators' templates beside the compiled code.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

rmSync('dist', { recursive: true, force: true });
execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json'], {
  stdio: 'inherit',
});
for (const root of ['generators', 'plugins']) {
  if (!existsSync(root)) continue;
  for (const name of readdirSync(root)) {
    const templates = join(root, name, 'templates');
    if (existsSync(templates)) cpSync(templates, join('dist', templates), { recursive: true });
  }
}
