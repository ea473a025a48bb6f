import type { OptionSpec, PluginDefinition } from '../plugins/public-api.js';

type Loader = () => Promise<{ default: PluginDefinition }>;

/**
 * Components: the parts a sub-generator adds (enabled by their answers being in .yo-rc.json),
 * in the fixed order their contributions are applied.
 */
export const COMPONENTS: Readonly<Record<string, Loader>> = {
  project: () => import('../../generators/app/component.js'),
  postgres: () => import('../../generators/postgres/component.js'),
  airflow: () => import('../../generators/airflow/component.js'),
  devcontainer: () => import('../../generators/devcontainer/component.js'),
  'windows-auth': () => import('../../generators/windows-auth/component.js'),
};

/** The parts a user chooses; `project` is always there. */
export const COMPONENT_NAMES = Object.keys(COMPONENTS).filter((name) => name !== 'project');

export const BUILTIN_PLUGINS: Readonly<Record<string, Loader>> = {
  'build-cache': () => import('../../plugins/build-cache/index.js'),
  'orchestrator-compose': () => import('../../plugins/orchestrator-compose/index.js'),
  'orchestrator-dcsm': () => import('../../plugins/orchestrator-dcsm/index.js'),
  'orchestrator-kubernetes': () => import('../../plugins/orchestrator-kubernetes/index.js'),
};

/** Every built-in plugin's questions, by plugin name: `data-eng new` takes their flags and answers them. */
export async function builtinPluginQuestions(): Promise<Record<string, readonly OptionSpec[]>> {
  const entries = await Promise.all(
    Object.entries(BUILTIN_PLUGINS).map(async ([name, load]) => [name, (await load()).default.options ?? []]),
  );
  return Object.fromEntries(entries) as Record<string, readonly OptionSpec[]>;
}
