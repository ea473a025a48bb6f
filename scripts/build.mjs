// Build the package into <outDir>: the esbuild bundle (scripts/bundle-cli.mjs) is all the JavaScript it
// ships, with the generators' templates beside it; tsc type-checks and adds the type declarations.
// Usage: node scripts/build.mjs [outDir]   (default dist; tests read DATA_ENG_DIST, default dist)
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { bundleCli } from './bundle-cli.mjs';
import { writeNotices } from './third-party-notices.mjs';

const outDir = process.argv[2] ?? 'dist';
// The folder is emptied first: only a build folder (dist, dist-*) may be named, never the sources.
if (!/^dist(-[\w.-]+)?$/.test(basename(resolve(outDir)))) {
  console.error(`scripts/build.mjs builds into dist or dist-<name>, not ${outDir}.`);
  process.exit(2);
}
rmSync(outDir, { recursive: true, force: true });
execFileSync(
  process.execPath,
  ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json', '--emitDeclarationOnly', '--outDir', outDir],
  { stdio: 'inherit' },
);
const metafile = await bundleCli(outDir);
writeNotices(metafile, outDir);
