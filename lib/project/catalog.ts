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
};

/** The parts a user chooses; `project` is always there. */
export const COMPONENT_NAMES = Object.keys(COMPONENTS).filter((name) => name !== 'project');

/** Plugins that ship with the package; enabled only when listed under "plugins" in .yo-rc.json. */
export const BUILTIN_PLUGINS: Readonly<Record<string, Loader>> = {};
