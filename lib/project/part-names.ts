/** The names of the parts and the built-in plugins: a leaf, imported wherever a name is checked. */

/**
 * The parts a user chooses, in the order their contributions are applied (after `project`, which is always
 * there). Each is also its own sub-generator (`data-eng add <part>`, `yo data-eng:<part>`).
 */
export const COMPONENT_NAMES = [
  'postgres',
  'airflow',
  'devcontainer',
  'windows-auth',
  'observability',
  'dbt',
] as const;
export type ComponentName = (typeof COMPONENT_NAMES)[number];

/** The parts as a sentence: "postgres, airflow, devcontainer, windows-auth, observability or dbt". */
export const COMPONENT_LIST = `${COMPONENT_NAMES.slice(0, -1).join(', ')} or ${COMPONENT_NAMES.at(-1)!}`;

/** The plugins that ship inside the package, enabled by name. */
export const BUILTIN_PLUGIN_NAMES = [
  'build-cache',
  'orchestrator-compose',
  'orchestrator-dcsm',
  'orchestrator-kubernetes',
] as const;
export type BuiltinPluginName = (typeof BUILTIN_PLUGIN_NAMES)[number];

export const isComponentName = (name: string): name is ComponentName =>
  (COMPONENT_NAMES as readonly string[]).includes(name);
export const isBuiltinPlugin = (name: string): name is BuiltinPluginName =>
  (BUILTIN_PLUGIN_NAMES as readonly string[]).includes(name);
