import type { PluginDefinition } from '../plugins/public-api.js';

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
  'windows-auth': () =>
    import(`../../generators/${'windows-auth'}/component.js`) as Promise<{ default: PluginDefinition }>,
};

/** The parts a user chooses; `project` is always there. */
export const COMPONENT_NAMES = Object.keys(COMPONENTS).filter((name) => name !== 'project');

const builtin =
  (name: string): Loader =>
  () =>
    import(`../../plugins/${name}/index.js`) as Promise<{ default: PluginDefinition }>;

/**
 * Plugins that ship with the package (plugins/<name>/), built on the public plugin API only.
 * Enabled only when listed under "plugins" in .yo-rc.json.
 */
export const BUILTIN_PLUGINS: Readonly<Record<string, Loader>> = {
  'build-cache': builtin('build-cache'),
  'orchestrator-compose': builtin('orchestrator-compose'),
  'orchestrator-dcsm': builtin('orchestrator-dcsm'),
  'orchestrator-kubernetes': builtin('orchestrator-kubernetes'),
};
