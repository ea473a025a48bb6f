import type { OptionSpec } from '../lib/plugins/option-spec.js';
import { CliError, EXIT } from './exit-codes.js';
import { nearest } from '../lib/config/did-you-mean.js';
import { COMMON_FLAGS } from '../lib/generator/common-options.js';
import './catalog.js';

/** A generator command line split into its folder or part names and its flags (with their values). */
export interface GeneratorArgs {
  readonly positionals: readonly string[];
  readonly flags: readonly string[];
}

/**
 * Check the arguments of `new` or `add` as commander leaves them (its operands, then every option it does
 * not declare, with whatever follows): every flag must be one of the generator's questions or the command's
 * own, a value flag needs its value (a boolean takes an optional true or false), and at most `maxPositionals`
 * names may stand alone. One sentence per problem, with "did you mean" for a near flag; exit code 2.
 */
export function checkGeneratorArgs(
  command: string,
  specs: readonly Pick<OptionSpec, 'flag' | 'type'>[],
  commonFlags: readonly string[],
  args: readonly string[],
  maxPositionals = 1,
): GeneratorArgs {
  const known = new Map<string, OptionSpec['type']>(specs.map((spec) => [spec.flag, spec.type]));
  for (const flag of commonFlags)
    if (!known.has(flag)) known.set(flag, flag === 'answers' ? 'string' : 'boolean');
  const unknown = (flag: string): CliError => {
    const suggestion = nearest(flag, [...known.keys()]);
    return new CliError(
      `Unknown option --${flag} for ${command}${suggestion ? `; did you mean --${suggestion}?` : `; ${command} --help lists the options, docs/answers.md every question's flag.`}`,
      EXIT.USAGE,
    );
  };
  const positionals: string[] = [];
  const flags: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const token = args[i]!;
    if (!token.startsWith('-') || token === '-') {
      if (positionals.length >= maxPositionals) {
        throw new CliError(
          `Unexpected argument "${token}" for ${command}; it takes ${maxPositionals === 1 ? 'at most one name' : `${maxPositionals} names`} (quote a value with spaces).`,
          EXIT.USAGE,
        );
      }
      positionals.push(token);
      continue;
    }
    if (!token.startsWith('--')) throw unknown(token.slice(1));
    const equals = token.indexOf('=');
    const name = token.slice(2, equals < 0 ? undefined : equals);
    let type = known.get(name);
    if (type === undefined && name.startsWith('no-') && known.get(name.slice(3)) === 'boolean')
      type = 'boolean';
    if (type === undefined) throw unknown(name);
    flags.push(token);
    if (equals >= 0) continue;
    const value = args[i + 1];
    if (type === 'boolean') {
      if (value === 'true' || value === 'false') flags.push(args[++i]!);
      continue;
    }
    if (value === undefined || value.startsWith('--')) {
      throw new CliError(`Option --${name} needs a value, e.g. --${name} <value>.`, EXIT.USAGE);
    }
    flags.push(args[++i]!);
  }
  return { positionals, flags };
}

/**
 * All checks of a `new` or `add` command line before anything runs: the generator's question flags, the
 * names that stand alone, and contradicting flags. Returns the names and the flags to pass on.
 */
export async function checkGeneratorCommand(
  command: string,
  generator: string,
  destination: string,
  options: Record<string, unknown>,
  args: readonly string[],
  rawArgs: readonly string[],
): Promise<GeneratorArgs> {
  const { generatorQuestions } = await import('../generators/app/options.js');
  // `new` also answers the built-in plugins' questions (e.g. --k8s-database), for the plugins it enables.
  const plugins =
    generator === 'app'
      ? Object.values(await (await import('../lib/project/catalog.js')).builtinPluginQuestions()).flat()
      : [];
  const parsed = checkGeneratorArgs(
    command,
    [...generatorQuestions(generator, destination), ...plugins],
    COMMON_FLAGS,
    args,
  );
  checkContradictions(options, rawArgs);
  return parsed;
}

/** Flags that contradict each other, from the parsed options and the raw arguments. */
export function checkContradictions(options: Record<string, unknown>, rawArgs: readonly string[]): void {
  const pairs: [boolean, string][] = [
    [
      rawArgs.includes('--interactive') && rawArgs.includes('--no-interactive'),
      '--interactive and --no-interactive',
    ],
    [Boolean(options.force && options.keepYours), '--force and --keep-yours (take the new, or keep yours)'],
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
