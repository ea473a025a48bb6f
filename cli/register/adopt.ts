import type { Command } from 'commander';
import type { AdoptCommandOptions } from '../commands/adopt.js';

/** `data-eng adopt [dir]`: turn a project made from data-eng-template into a data-eng project. */
export function registerAdopt(program: Command): void {
  program
    .command('adopt')
    .argument('[dir]', 'the template project to adopt', '.')
    .description(
      'adopt a project made from data-eng-template: infer the answers, replace its stack with the Airflow 3 one, move its secrets into .env, keep every file of yours (replaced ones under .data-eng/adopted/), and report it all in docs/adoption.md',
    )
    .option('--defaults', 'answer every question the files do not answer with its default')
    .option('--answers <file>', 'read answers from a JSON or YAML file with the keys .yo-rc.json stores')
    .option('--dry-run', 'print the report, write nothing')
    .option('--interactive', 'ask what cannot be inferred (default: only when stdin is a terminal)')
    .option('--no-interactive', 'never ask; a question the files do not answer is an error unless --defaults')
    .option('--json', 'print the report as JSON')
    .addHelpText(
      'after',
      '\nExit codes: 0 adopted (or already a data-eng project: nothing to do), 2 not a template project, a bad answer or a link out of the project (nothing written), 130 interrupted. docs/adoption.md in the adopted project lists what changed.',
    )
    .action(async (dir: string, options: AdoptCommandOptions) => {
      const { runAdopt } = await import('../commands/adopt.js');
      await runAdopt(dir, options);
    });
}
