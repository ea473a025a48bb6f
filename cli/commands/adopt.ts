import { resolve } from 'node:path';
import { adoptProject } from '../../lib/adopt/adopt-project.js';
import { printResult } from '../../lib/console/progress.js';
import '../catalog.js';

/** The flags of `data-eng adopt`. */
export interface AdoptCommandOptions {
  defaults?: boolean;
  answers?: string;
  dryRun?: boolean;
  interactive?: boolean;
  json?: boolean;
}

/** `data-eng adopt [dir]`: plan, write (unless --dry-run), print the report. */
export async function runAdopt(dir: string, options: AdoptCommandOptions): Promise<void> {
  const json = Boolean(options.json);
  const interactive = options.interactive ?? (Boolean(process.stdin.isTTY) && !json && !options.defaults);
  // Ctrl-C or SIGTERM while files are written puts every one back rather than leaving half a project.
  const outcome = await adoptProject(resolve(dir), {
    defaults: Boolean(options.defaults),
    interactive,
    ...(options.answers ? { answersFile: options.answers } : {}),
    dryRun: Boolean(options.dryRun),
  });
  printResult({ json }, outcome.json, () => outcome.text);
}
