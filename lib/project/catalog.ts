import type { OptionSpec, PluginDefinition } from '../plugins/public-api.js';

/** Loads a component's or a built-in plugin's definition, on first use. */
export type Loader = () => Promise<{ default: PluginDefinition }>;

/**
 * The parts a user chooses, in the order their contributions are applied (after `project`, which is always
 * there). Each is also its own sub-generator (`data-eng add <part>`, `yo data-eng:<part>`).
 */
export const COMPONENT_NAMES = ['postgres', 'airflow', 'devcontainer', 'windows-auth'] as const;
export type ComponentName = (typeof COMPONENT_NAMES)[number];

/** The parts as a sentence: "postgres, airflow, devcontainer or windows-auth". */
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

/**
 * The built-in parts and plugins. lib/ names them but does not import them: the package's composition root
 * (cli/catalog.ts) registers them, and every entry point (the command line, each generator, the testing
 * helpers) imports that module before it opens a project.
 */
export interface Catalog {
  /** Each component's definition: the project's own and every part's. */
  readonly components: Readonly<Record<'project' | ComponentName, Loader>>;
  /** Each part's questions, by part. */
  readonly partQuestions: Readonly<Record<ComponentName, readonly OptionSpec[]>>;
  /** The questions `yo data-eng` asks besides the project's: which parts, which plugins. */
  readonly appQuestions: readonly OptionSpec[];
  /** Each built-in plugin's definition. */
  readonly plugins: Readonly<Record<BuiltinPluginName, Loader>>;
}

let registered: Catalog | undefined;

/** Called once, by cli/catalog.ts. */
export function registerCatalog(catalog: Catalog): void {
  registered = catalog;
}

/** The registered built-ins. */
export function catalog(): Catalog {
  if (!registered) {
    throw new Error(
      'generator-data-eng: the catalog of built-in parts is not loaded; import the package through its entry points (data-eng, yo data-eng, generator-data-eng/testing).',
    );
  }
  return registered;
}

/** The components in the order their contributions are applied: `project`, then the parts. */
export function componentLoaders(): readonly (readonly ['project' | ComponentName, Loader])[] {
  const { components } = catalog();
  return (['project', ...COMPONENT_NAMES] as const).map((name) => [name, components[name]] as const);
}

/** Every built-in plugin's questions, by plugin name: `data-eng new` takes their flags and answers them. */
export async function builtinPluginQuestions(): Promise<Record<string, readonly OptionSpec[]>> {
  const { plugins } = catalog();
  const entries = await Promise.all(
    BUILTIN_PLUGIN_NAMES.map(async (name) => [name, (await plugins[name]()).default.options ?? []] as const),
  );
  return Object.fromEntries(entries);
}
