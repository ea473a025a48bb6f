import { pathToFileURL } from 'node:url';
import type { ProjectConfig } from '../config/project-config.js';
import { answersOf } from '../config/project-config.js';
import { catalog, componentLoaders, isBuiltinPlugin } from '../project/catalog.js';
import type { Contributor } from '../project/build-stack.js';
import type { PluginDefinition } from './public-api.js';
import { PLUGIN_API_VERSION } from './public-api.js';
import { resolvePlugin } from './resolve-plugin.js';
import { PACKAGE_VERSION } from '../package-info.js';
import { shareHostPackage } from './share-host.js';

export interface LoadedPlugin {
  readonly definition: PluginDefinition;
  readonly source: 'component' | 'builtin' | 'project' | 'global' | 'path';
  readonly version: string;
  /** The module file of a third-party plugin, whose hooks run in a worker thread (hook-worker.ts). */
  readonly entry?: string;
}

/** Check that a module's default export is a usable plugin; one sentence naming the problem otherwise. */
export function checkPluginModule(name: string, module: unknown): PluginDefinition {
  const definition = (module as { default?: unknown } | null)?.default;
  if (typeof definition !== 'object' || definition === null) {
    throw new Error(
      `Plugin "${name}" has no default export; export default definePlugin({...}) from its entry module.`,
    );
  }
  const plugin = definition as PluginDefinition;
  if (typeof plugin.name !== 'string' || typeof plugin.apiVersion !== 'number') {
    throw new Error(
      `Plugin "${name}" does not export a plugin definition; wrap it in definePlugin({ name, apiVersion }).`,
    );
  }
  if (plugin.apiVersion !== PLUGIN_API_VERSION) {
    throw new Error(
      `Plugin "${name}" speaks plugin API ${plugin.apiVersion}, but generator-data-eng ${PACKAGE_VERSION} speaks ${PLUGIN_API_VERSION}; install a matching version of the plugin.`,
    );
  }
  return plugin;
}

/** Load one plugin by the name listed in .yo-rc.json. */
export async function loadPlugin(name: string, projectDir: string): Promise<LoadedPlugin> {
  if (isBuiltinPlugin(name))
    return {
      definition: checkPluginModule(name, await catalog().plugins[name]()),
      source: 'builtin',
      version: PACKAGE_VERSION,
    };
  const resolved = resolvePlugin(name, projectDir);
  // semver loads only for a plugin that states a host range (built-ins never do).
  if (
    resolved.hostRange &&
    !(await import('semver')).default.satisfies(PACKAGE_VERSION, resolved.hostRange, {
      includePrerelease: true,
    })
  ) {
    throw new Error(
      `Plugin "${name}"${resolved.version ? ` ${resolved.version}` : ''} needs generator-data-eng ${resolved.hostRange}, but this is ${PACKAGE_VERSION}; install a version of either that fits.`,
    );
  }
  await shareHostPackage();
  let module: unknown;
  try {
    module = await import(pathToFileURL(resolved.entry).href);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new Error(
      `Plugin "${name}" failed to load from ${resolved.entry} (${reason}); reinstall it or fix its build.`,
    );
  }
  return {
    definition: checkPluginModule(name, module),
    source: resolved.source,
    version: resolved.version ?? 'unknown',
    entry: resolved.entry,
  };
}

/** The components whose answers the config holds, then the listed plugins, in that fixed order. */
export async function loadContributors(projectDir: string, config: ProjectConfig): Promise<Contributor[]> {
  const contributors: Contributor[] = [];
  for (const [name, load] of componentLoaders()) {
    if (config[name] === undefined) continue;
    contributors.push({
      definition: checkPluginModule(name, await load()),
      answers: answersOf(config, name),
    });
  }
  for (const name of config.plugins ?? []) {
    const { definition, entry } = await loadPlugin(name, projectDir);
    contributors.push({ definition, answers: answersOf(config, definition.name), entry });
  }
  return contributors;
}
