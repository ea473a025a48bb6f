import type { Stack } from '../model/stack.js';
import type { FileFormat } from '../merge/merge-file.js';
import { serialize } from '../merge/merge-file.js';
import { renderCompose } from '../render/render-compose.js';
import { renderDevcontainer } from '../render/render-devcontainer.js';
import { renderEnvExample } from '../render/render-env.js';
import type { ProjectConfig } from '../config/project-config.js';
import type { Contributor } from './build-stack.js';
import { contributeContext } from './build-stack.js';
import { environmentsOf, localEnvironment } from './environments.js';

/** The committed list of every .env variable with its default (secrets empty). */
export const ENV_EXAMPLE = '.env.example';

export interface RenderedFile {
  readonly path: string;
  readonly format: FileFormat;
  readonly content: string;
  readonly mode?: number;
  /** The environment the file is made for (FileContribution.environment); compose.yaml is the local one's. */
  readonly environment?: string;
  /** A values overlay's base file. */
  readonly overlayOf?: string;
  /** The renderer or plugin that owns the file. */
  readonly owner: string;
}

/** Every derived file of the project, rendered from the Stack: one owner per file. */
export function renderProject(
  stack: Stack,
  config: ProjectConfig,
  contributors: readonly Contributor[],
): RenderedFile[] {
  const files: RenderedFile[] = [
    {
      path: 'compose.yaml',
      format: 'yaml',
      content: serialize('yaml', renderCompose(stack)),
      owner: 'render-compose',
      environment: localEnvironment(environmentsOf(config)).name,
    },
    { path: ENV_EXAMPLE, format: 'text', content: renderEnvExample(stack), owner: 'render-env' },
  ];
  const devcontainer = renderDevcontainer(stack);
  if (devcontainer) {
    files.push({
      path: '.devcontainer/devcontainer.json',
      format: 'json',
      content: serialize('json', devcontainer),
      owner: 'render-devcontainer',
    });
  }
  for (const { definition, answers } of contributors) {
    for (const file of definition.files?.(stack, contributeContext(config, contributors, answers)) ?? []) {
      const format: FileFormat = /\.ya?ml$/.test(file.path)
        ? 'yaml'
        : /\.json$/.test(file.path)
          ? 'json'
          : 'text';
      files.push({ ...file, format, owner: definition.name });
    }
  }
  const seen = new Map<string, string>();
  for (const file of files) {
    const previous = seen.get(file.path);
    if (previous) {
      throw new Error(
        `${file.owner} and ${previous} both render ${file.path}; one file has one owner, rename one of them.`,
      );
    }
    seen.set(file.path, file.owner);
  }
  return files;
}
