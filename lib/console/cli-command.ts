import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { PACKAGE_ROOT } from '../package-info.js';

/** Whether an executable of that name is on the PATH. */
function onPath(name: string, path = process.env.PATH ?? ''): boolean {
  return path
    .split(delimiter)
    .filter(Boolean)
    .some((dir) => {
      try {
        accessSync(join(dir, name), constants.X_OK);
        return true;
      } catch {
        return false;
      }
    });
}

/**
 * How to run the data-eng command on this machine, for the hints a run prints: `data-eng` when it is on the
 * PATH (a global install, or npm run), otherwise this package's own bin by its path (under `yo` or `npx -p`,
 * where `data-eng` alone would be "command not found").
 */
export function cliCommand(path?: string): string {
  if (onPath('data-eng', path)) return 'data-eng';
  const bin = join(PACKAGE_ROOT, 'bin', 'data-eng.js');
  return `node ${/^[\w@%+=:,./-]+$/.test(bin) ? bin : `'${bin.replaceAll("'", "'\\''")}'`}`;
}
