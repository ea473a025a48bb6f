import { parse as parseYaml } from 'yaml';
import type { Answers, ProjectConfig } from '../config/project-config.js';
import { resolveAnswers } from '../config/resolve-answers.js';
import { checkPluginModule } from '../plugins/load-plugins.js';
import type { PluginDefinition } from '../plugins/public-api.js';
import type { Stack } from '../model/stack.js';
import type { Contributor } from '../project/build-stack.js';
import { buildStack } from '../project/build-stack.js';
import { COMPONENT_NAMES, componentLoaders, isComponentName, type Loader } from '../project/catalog.js';
import { renderProject } from '../project/render-project.js';
import { renderEnv } from '../render/render-env.js';
import { generateSecret } from '../secrets/generate-secret.js';
import { projectOptions } from '../project/project-options.js';
import type { ComposeFile, DevcontainerFile } from './compose-types.js';
import { parseEnv } from './parse-env.js';
import { writeProject } from './write-project.js';

export interface RenderPluginOptions {
  /** The plugin's answers. Unanswered questions take their defaults; every answer is validated as the CLI would. */
  readonly answers?: Readonly<Record<string, unknown>>;
  /** The project's name (a slug), title and description; the name defaults to `plugin-test`. */
  readonly project?: { readonly name?: string; readonly title?: string; readonly description?: string };
  /**
   * Built-in components to render alongside: postgres, airflow, devcontainer. What they and the plugin
   * require is added too, so `with: ['devcontainer']` gives the whole default project.
   */
  readonly with?: readonly string[];
  /** Answers for those components, by component name; unanswered questions take their defaults. */
  readonly componentAnswers?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** Other plugins enabled before this one, e.g. one it requires; they take their default answers. */
  readonly plugins?: readonly PluginDefinition[];
  /** The project's environments, as `.yo-rc.json` declares them (docs/environments.md); dev on compose if absent. */
  readonly environments?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

/** What the plugin owns in the rendered project: removing the plugin removes exactly these. */
export interface PluginContributions {
  readonly services: readonly string[];
  readonly volumes: readonly string[];
  readonly secrets: readonly string[];
  readonly settings: readonly string[];
  readonly files: readonly string[];
}

export interface RenderedPlugin {
  readonly stack: Stack;
  /** The plugin's resolved answers, as .yo-rc.json would store them. */
  readonly answers: Answers;
  /** The generator-data-eng object of .yo-rc.json. */
  readonly config: ProjectConfig;
  /** compose.yaml, parsed from the rendered text. */
  readonly compose: ComposeFile;
  /** .devcontainer/devcontainer.json, parsed; undefined unless the devcontainer component is enabled. */
  readonly devcontainer: DevcontainerFile | undefined;
  /** Every derived file by its project-relative path (.env excluded: see env). */
  readonly files: Readonly<Record<string, string>>;
  /** The variables .env holds on the first run: settings with their defaults and freshly generated secrets. */
  readonly env: Readonly<Record<string, string>>;
  readonly contributions: PluginContributions;
  /** Write the project to a folder (files, .env, .yo-rc.json), merging with what is there like a re-run would. */
  write(dir: string): Promise<void>;
}

async function defaults(owner: string, definition: PluginDefinition, given: Answers): Promise<Answers> {
  return resolveAnswers(
    owner,
    definition.options ?? [],
    { flags: {}, file: given, stored: {} },
    { defaults: true, interactive: false },
    () => Promise.resolve(undefined),
  );
}

/**
 * Render a project with the plugin enabled, through the same model, renderers and answer validation
 * `data-eng plugins add` uses, without touching the disk or Docker.
 *
 * @example
 * const project = await renderPlugin(plugin, { answers: { port: 1884 }, with: ['postgres'] });
 * expect(project.compose.services.mosquitto.ports).toEqual(['127.0.0.1:${MOSQUITTO_PORT:-1884}:1883']);
 */
export async function renderPlugin(
  plugin: PluginDefinition,
  options: RenderPluginOptions = {},
): Promise<RenderedPlugin> {
  return (await prepareProject(plugin, options)).project;
}

/** renderPlugin, plus the contributors in the order the runner applies them (for runHook). */
export async function prepareProject(
  plugin: PluginDefinition,
  options: RenderPluginOptions,
): Promise<{ project: RenderedPlugin; contributors: readonly Contributor[] }> {
  checkPluginModule(plugin.name, { default: plugin });
  for (const name of options.with ?? []) {
    if (!isComponentName(name)) {
      throw new Error(`Unknown component "${name}" in with; choose from: ${COMPONENT_NAMES.join(', ')}.`);
    }
  }
  const loaders = new Map<string, Loader>(componentLoaders());
  const loaded = new Map<string, PluginDefinition>();
  // Components in the project: `project` always, the ones asked for, and whatever those and the plugins require.
  const visit = async (name: string): Promise<void> => {
    const load = loaders.get(name);
    if (loaded.has(name) || !load) return;
    const definition = checkPluginModule(name, await load());
    loaded.set(name, definition);
    for (const required of definition.requires ?? []) await visit(required);
  };
  const plugins = [...(options.plugins ?? []), plugin];
  for (const name of ['project', ...(options.with ?? []), ...plugins.flatMap((p) => p.requires ?? [])]) {
    await visit(name);
  }
  const projectAnswers = await resolveAnswers(
    'project',
    projectOptions('plugin-test'),
    { flags: {}, file: { ...options.project }, stored: {} },
    { defaults: true, interactive: false },
    () => Promise.resolve(undefined),
  );
  const config: ProjectConfig = {
    project: projectAnswers,
    plugins: [],
    ...(options.environments ? { environments: { ...options.environments } } : {}),
  };
  const contributors: Contributor[] = [];
  for (const name of [...loaders.keys()].filter((key) => loaded.has(key))) {
    const definition = loaded.get(name)!;
    const answers =
      name === 'project'
        ? projectAnswers
        : await defaults(name, definition, { ...options.componentAnswers?.[name] });
    if (name !== 'project') config[name] = answers;
    contributors.push({ definition, answers });
  }
  for (const definition of plugins) {
    checkPluginModule(definition.name, { default: definition });
    const given = definition === plugin ? { ...options.answers } : {};
    const answers = await defaults(definition.name, definition, given);
    config.plugins = [...(config.plugins ?? []), definition.name];
    config[definition.name] = answers;
    contributors.push({ definition, answers });
  }
  const stack = buildStack(config, contributors);
  const rendered = renderProject(stack, config, contributors);
  const files = Object.fromEntries(rendered.map((file) => [file.path, file.content]));
  const envText = renderEnv(stack, undefined, (secret) => generateSecret(secret.kind));
  const owned = <T extends { owner: string; name: string }>(table: Readonly<Record<string, T>>): string[] =>
    Object.values(table)
      .filter((item) => item.owner === plugin.name)
      .map((item) => item.name);
  const devcontainerText = files['.devcontainer/devcontainer.json'];
  const project: RenderedPlugin = {
    stack,
    answers: config[plugin.name] as Answers,
    config,
    compose: parseYaml(files['compose.yaml']!) as ComposeFile,
    devcontainer: devcontainerText ? (JSON.parse(devcontainerText) as DevcontainerFile) : undefined,
    files,
    env: parseEnv(envText),
    contributions: {
      services: owned(stack.services),
      volumes: owned(stack.volumes),
      secrets: owned(stack.secrets),
      settings: owned(stack.settings),
      files: rendered.filter((file) => file.owner === plugin.name).map((file) => file.path),
    },
    write: (dir) => writeProject(dir, stack, config, rendered, envText),
  };
  return { project, contributors };
}
