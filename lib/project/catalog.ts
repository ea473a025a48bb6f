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

/**
 * The parts a user chooses, in the order they are applied; `project` is always there. Each is also its own
 * sub-generator (`data-eng add <part>`, `yo data-eng:<part>`).
 */
export const COMPONENT_NAMES: readonly string[] = Object.keys(COMPONENTS).filter(
  (name) => name !== 'project',
);

/** The parts as a sentence: "postgres, airflow, devcontainer or windows-auth". */
export const COMPONENT_LIST = `${COMPONENT_NAMES.slice(0, -1).join(', ')} or ${COMPONENT_NAMES.at(-1)!}`;

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
