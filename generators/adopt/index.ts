import '../../cli/catalog.js';
import Generator, { type BaseOptions } from 'yeoman-generator';
import { adoptProject } from '../../lib/adopt/adopt-project.js';

type AdoptGeneratorOptions = BaseOptions & {
  defaults?: boolean;
  interactive?: boolean;
  answers?: string;
  dryRun?: boolean;
};

/**
 * `yo data-eng:adopt`: the same as `data-eng adopt` in the current folder. A project made from data-eng-template
 * becomes a data-eng project; the report is printed and written to docs/adoption.md.
 */
export default class AdoptGenerator extends Generator<Record<string, unknown>, AdoptGeneratorOptions> {
  constructor(args: string[], options: AdoptGeneratorOptions) {
    super(args, options);
    this.option('defaults', {
      type: Boolean,
      description: 'Answer every question the files do not answer with its default',
    });
    this.option('interactive', {
      type: Boolean,
      description: 'Ask what cannot be inferred (default: only on a terminal)',
    });
    this.option('answers', { type: String, description: 'Read answers from a JSON or YAML file' });
    this.option('dry-run', { type: Boolean, description: 'Print the report, write nothing' });
  }

  async writing(): Promise<void> {
    // Ctrl-C or SIGTERM while files are written puts every one back rather than leaving half a project.
    const outcome = await adoptProject(this.destinationRoot(), {
      defaults: Boolean(this.options.defaults),
      interactive: this.options.interactive ?? Boolean(process.stdin.isTTY),
      ...(this.options.answers ? { answersFile: this.options.answers } : {}),
      dryRun: Boolean(this.options.dryRun ?? (this.options as Record<string, unknown>)['dry-run']),
    });
    this.log(outcome.text);
  }
}
