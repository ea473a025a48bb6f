import { CliError, EXIT } from '../exit-codes.js';
import { GENERATOR_NAMES, runGenerator } from '../run-generator.js';
import '../catalog.js';

/** `data-eng add <generator>`: the same as `yo data-eng:<generator>` in the current folder. */
export async function runAdd(
  name: string,
  options: Record<string, unknown>,
  extraArgs: readonly string[],
): Promise<void> {
  const choices = GENERATOR_NAMES.filter((generator) => generator !== 'app');
  if (!(choices as readonly string[]).includes(name)) {
    throw new CliError(`Unknown generator "${name}". Choose one of: ${choices.join(', ')}.`, EXIT.USAGE);
  }
  await runGenerator(name as (typeof choices)[number], process.cwd(), options, extraArgs);
}
