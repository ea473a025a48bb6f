import type { OptionSpec } from '../plugins/option-spec.js';
import { CliError, EXIT } from './exit-codes.js';
import { nearest } from './did-you-mean.js';

/**
 * Check the arguments commander left for a generator (its question flags, which it does not declare):
 * every flag must be one of the generator's questions, a value flag needs its value, and nothing else may
 * follow. One sentence per problem, with "did you mean" for a near flag; exit code 2. Nothing is written.
 */
export function checkGeneratorArgs(
  command: string,
  specs: readonly Pick<OptionSpec, 'flag' | 'type'>[],
  commonFlags: readonly string[],
  extraArgs: readonly string[],
): void {
  const known = new Map(specs.map((spec) => [spec.flag, spec.type]));
  const allFlags = [...known.keys(), ...commonFlags];
  const unknown = (flag: string): CliError => {
    const suggestion = nearest(flag, allFlags);
    return new CliError(
      `Unknown option --${flag} for ${command}${suggestion ? `; did you mean --${suggestion}?` : `; ${command} --help lists the options, docs/answers.md every question's flag.`}`,
      EXIT.USAGE,
    );
  };
  for (let i = 0; i < extraArgs.length; i++) {
    const token = extraArgs[i]!;
    if (!token.startsWith('-') || token === '-') {
      throw new CliError(
        `Unexpected argument "${token}" for ${command}; it takes at most one folder (quote a value with spaces).`,
        EXIT.USAGE,
      );
    }
    if (!token.startsWith('--')) throw unknown(token.slice(1));
    const equals = token.indexOf('=');
    const name = token.slice(2, equals < 0 ? undefined : equals);
    let type = known.get(name);
    if (type === undefined && name.startsWith('no-') && known.get(name.slice(3)) === 'boolean')
      type = 'boolean';
    if (type === undefined) throw unknown(name);
    if (type === 'boolean' || equals >= 0) continue;
    const value = extraArgs[i + 1];
    if (value === undefined || value.startsWith('--')) {
      throw new CliError(`Option --${name} needs a value, e.g. --${name} <value>.`, EXIT.USAGE);
    }
    i++;
  }
}

/** The flags commander parses for `new` and `add` (lib/cli/register/generators.ts), for "did you mean". */
export const GENERATOR_COMMAND_FLAGS = [
  'defaults',
  'answers',
  'force',
  'dry-run',
  'skip-install',
  'build',
  'up',
  'interactive',
  'no-interactive',
] as const;

/**
 * All checks of a `new` or `add` command line before anything runs: the generator's question flags, extra
 * arguments, and contradicting flags.
 */
export async function checkGeneratorCommand(
  command: string,
  generator: string,
  destination: string,
  options: Record<string, unknown>,
  extraArgs: readonly string[],
  rawArgs: readonly string[],
): Promise<void> {
  const { generatorQuestions } = await import('../../generators/app/options.js');
  checkGeneratorArgs(command, generatorQuestions(generator, destination), GENERATOR_COMMAND_FLAGS, extraArgs);
  checkContradictions(options, rawArgs);
}

/** Flags that contradict each other, from the parsed options and the raw arguments. */
export function checkContradictions(options: Record<string, unknown>, rawArgs: readonly string[]): void {
  const pairs: [boolean, string][] = [
    [
      rawArgs.includes('--interactive') && rawArgs.includes('--no-interactive'),
      '--interactive and --no-interactive',
    ],
    [Boolean(options.dryRun && options.up), '--dry-run and --up (a dry run writes nothing to bring up)'],
    [Boolean(options.dryRun && options.build), '--dry-run and --build (a dry run writes nothing to build)'],
    [
      Boolean(options.skipInstall && options.build),
      '--skip-install and --build (--build runs a plugin hook)',
    ],
    [Boolean(options.skipInstall && options.up), '--skip-install and --up (--up runs a plugin hook)'],
  ];
  for (const [clash, which] of pairs) {
    if (clash) throw new CliError(`Contradicting options: ${which}; pass one of them.`, EXIT.USAGE);
  }
}
