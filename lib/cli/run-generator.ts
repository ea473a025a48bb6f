import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';

export const GENERATOR_NAMES = ['app', 'postgres', 'airflow', 'devcontainer'] as const;

function generatorPath(name: string): string {
  for (const extension of ['js', 'ts']) {
    const path = fileURLToPath(new URL(`../../generators/${name}/index.${extension}`, import.meta.url));
    if (existsSync(path)) return path;
  }
  throw new Error(`The ${name} generator is missing from this installation; reinstall generator-data-eng.`);
}

/** Commander's parsed flags back to the option names the generators declare. */
function generatorOptions(options: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined || key === 'json') continue;
    out[key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)] = value;
    out[key] = value;
  }
  return out;
}

/**
 * Run one of this package's generators through yeoman-environment, as `yo` would, but without a global
 * yo and as any user (yo drops root privileges). Yeoman is imported here, not at start-up.
 */
export async function runGenerator(
  name: (typeof GENERATOR_NAMES)[number],
  cwd: string,
  options: Record<string, unknown>,
  extraArgs: readonly string[],
): Promise<void> {
  const { createEnv } = await import('yeoman-environment');
  const env = createEnv({
    cwd,
    skipInstall: Boolean(options.skipInstall),
    dryRun: Boolean(options.dryRun),
  } as never);
  for (const generator of GENERATOR_NAMES) {
    env.register(generatorPath(generator), { namespace: `data-eng:${generator}` });
  }
  const flags = generatorOptions(options);
  await env.run([`data-eng:${name}`, ...extraArgs], flags as never);
}
