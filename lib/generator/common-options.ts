/** Options every data-eng generator takes, besides its own questions. */
export const COMMON_OPTIONS = [
  {
    flag: 'defaults',
    type: Boolean,
    description: 'Answer every question not given otherwise with its default',
  },
  {
    flag: 'answers',
    type: String,
    description: 'Read answers from a JSON or YAML file with the keys .yo-rc.json stores',
  },
  {
    flag: 'force',
    type: Boolean,
    description: 'Where your edits and the new rendering conflict, take the new rendering (only those keys)',
  },
  { flag: 'dry-run', type: Boolean, description: 'Print what would be written, write nothing' },
  {
    flag: 'skip-install',
    type: Boolean,
    description: 'Do not install dependencies or run plugin hooks after writing',
  },
  {
    flag: 'interactive',
    type: Boolean,
    description: 'Ask questions (default: only when stdin is a terminal)',
  },
] as const;
