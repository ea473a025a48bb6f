import { fileURLToPath } from 'node:url';
import type { BuiltProject, ScaffoldEnv } from '../lib/generator/project-tasks.js';
import { existsSync } from 'node:fs';
import { COMPONENT_NAMES } from '../lib/project/catalog.js';
import './catalog.js';

/** The generators that make or extend a project: `data-eng new` runs app, `data-eng add` the parts. */
export const GENERATOR_NAMES: readonly string[] = ['app', ...COMPONENT_NAMES];
/** Every generator the CLI runs: the project's (GENERATOR_NAMES), and `plugin` for `data-eng new-plugin`. */
type GeneratorName = string;

/**
 * The generator modules, imported only when environment asks for them. Static specifiers, so that the
 * bundled CLI (scripts/bundle-cli.mjs) runs its own bundled generators and their one yeoman-generator.
 */
export const GENERATOR_MODULES: Readonly<Record<GeneratorName, () => Promise<{ default: unknown }>>> = {
  app: () => import('../generators/app/index.js'),
  postgres: () => import('../generators/postgres/index.js'),
  airflow: () => import('../generators/airflow/index.js'),
  devcontainer: () => import('../generators/devcontainer/index.js'),
  'windows-auth': () => import('../generators/windows-auth/index.js'),
  observability: () => import('../generators/observability/index.js'),
  dbt: () => import('../generators/dbt/index.js'),
  plugin: () => import('../generators/plugin/index.js'),
};

/** The generator's file as `yo` would find it: Yeoman finds the package.json and templates/ from it. */
function generatorPath(name: string): string {
  for (const extension of ['js', 'ts']) {
    const path = fileURLToPath(new URL(`../generators/${name}/index.${extension}`, import.meta.url));
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
 * yo and as any user (yo drops root privileges). Yeoman is imported here, not at start-up; the
 * generators are registered by name, so the environment never searches node_modules for them.
 */
export async function runGenerator(
  name: GeneratorName,
  cwd: string,
  options: Record<string, unknown>,
  extraArgs: readonly string[],
): Promise<BuiltProject | undefined> {
  if (name !== 'plugin') {
    // Yeoman reads .yo-rc.json as it starts, with a message that names neither the problem nor the fix.
    const { readProjectConfig } = await import('../lib/config/project-config.js');
    await readProjectConfig(cwd);
  }
  const { createEnv } = await import('yeoman-environment');
  // Phase marks for `npm run bench -- --profile` (bench/profile-scaffold.mjs); they cost microseconds.
  performance.mark('data-eng:yeoman-loaded');
  const env = createEnv({
    cwd,
    skipInstall: Boolean(options.skipInstall),
    dryRun: Boolean(options.dryRun),
  } as never);
  // The generators leave Ctrl-C at a question to this command line, which ends with 130 and one line.
  (env as unknown as { dataEngCli?: boolean }).dataEngCli = true;
  for (const [generator, load] of Object.entries(GENERATOR_MODULES)) {
    // A factory: the environment imports a module on first use, i.e. only the generators that run.
    const createGenerator = async (): Promise<{ default: unknown }> => {
      const module = await load();
      if (performance.getEntriesByName('data-eng:generator-loaded').length === 0) {
        performance.mark('data-eng:generator-loaded');
      }
      return module;
    };
    env.register(
      { createGenerator },
      { namespace: `data-eng:${generator}`, resolved: generatorPath(generator) },
    );
  }
  const flags = generatorOptions(options);
  await env.run([`data-eng:${name}`, ...extraArgs], flags as never);
  performance.mark('data-eng:run-done');
  return (env as unknown as ScaffoldEnv).dataEngBuilt;
}
