import type { OptionSpec, PluginDefinition } from '../plugins/public-api.js';

/** Loads a component's or a built-in plugin's definition, on first use. */
export type Loader = () => Promise<{ default: PluginDefinition }>;

export {
  BUILTIN_PLUGIN_NAMES,
  COMPONENT_LIST,
  COMPONENT_NAMES,
  isBuiltinPlugin,
  isComponentName,
  type BuiltinPluginName,
  type ComponentName,
} from './part-names.js';
import {
  BUILTIN_PLUGIN_NAMES,
  COMPONENT_NAMES,
  type BuiltinPluginName,
  type ComponentName,
} from './part-names.js';

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
