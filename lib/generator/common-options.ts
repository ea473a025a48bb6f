import type { BaseOptions } from 'yeoman-generator';

/** The options a data-eng generator receives: the common ones, its questions' flags, and what the CLI sets. */
export type DataEngOptions = BaseOptions & {
  defaults?: boolean;
  answers?: string;
  force?: boolean;
  keepYours?: boolean;
  dryRun?: boolean;
  skipInstall?: boolean;
  interactive?: boolean;
  askAnswered?: boolean;
  /** Set by `data-eng new`, which writes into a staging folder: the folder the project will be in. */
  projectFolder?: string;
  /** Set by `data-eng new`, which runs the plugin hooks itself once the files are in their final folder. */
  deferHooks?: boolean;
  [flag: string]: unknown;
};

/**
 * Options every data-eng generator takes, besides its own questions: declared by the Yeoman generators
 * (`yo data-eng --help`) and by `data-eng new` / `data-eng add` from this one table.
 */
export const COMMON_OPTIONS = [
  {
    flag: 'defaults',
    type: Boolean,
    description: 'answer every question not given otherwise with its default',
  },
  {
    flag: 'answers',
    type: String,
    valueName: 'file',
    description: 'read answers from a JSON or YAML file with the keys .yo-rc.json stores',
  },
  {
    flag: 'force',
    type: Boolean,
    description: 'where your edits conflict with the new rendering, take the new rendering (those keys only)',
  },
  {
    flag: 'keep-yours',
    type: Boolean,
    description: 'where your edits conflict with the new rendering, keep yours (those keys only)',
  },
  { flag: 'dry-run', type: Boolean, description: 'print what would be written, write nothing' },
  { flag: 'skip-install', type: Boolean, description: 'do not run plugin hooks after writing' },
  { flag: 'build', type: Boolean, description: 'after writing, build the images (build-cache plugin)' },
  {
    flag: 'up',
    type: Boolean,
    description: 'after writing, bring the stack up healthy (orchestrator plugin)',
  },
  {
    flag: 'ask-answered',
    type: Boolean,
    description: 'ask every question again, what .yo-rc.json holds as the default (to reconfigure a part)',
    // yeoman-generator declares this one itself; the generators take it from there.
    declaredByYeoman: true,
  },
  {
    flag: 'interactive',
    type: Boolean,
    description: 'ask questions (default: only when stdin is a terminal)',
    negated: 'never ask; a missing answer is an error',
  },
] as const;

/** Every common flag as typed, the negated forms included (e.g. no-interactive). */
export const COMMON_FLAGS: readonly string[] = COMMON_OPTIONS.flatMap((option) =>
  'negated' in option ? [option.flag, `no-${option.flag}`] : [option.flag],
);
