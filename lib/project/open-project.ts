import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { ProjectConfig } from '../config/project-config.js';
import { readProjectConfig, YO_RC } from '../config/project-config.js';
import { loadContributors } from '../plugins/load-plugins.js';
import type { Stack } from '../model/stack.js';
import type { Contributor } from './build-stack.js';
import { buildStack, settingsReader } from './build-stack.js';
import type { ContributeContext } from '../plugins/public-api.js';
import { checkAnswerKeys } from './check-answer-keys.js';

export interface OpenProject {
  readonly dir: string;
  readonly config: ProjectConfig;
  readonly contributors: readonly Contributor[];
  readonly stack: Stack;
  /** Each part's settings as its owner resolves them, e.g. `settingsOf('windows-auth')`. */
  readonly settingsOf: ContributeContext['settingsOf'];
}

/** The nearest folder at or above `start` that holds a .yo-rc.json with generator-data-eng answers. */
export function findProjectDir(start: string): string | undefined {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, YO_RC))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** No data-eng project at or above the folder a command ran in. Exit code 2. */
export class NoProjectError extends Error {
  override readonly name = 'NoProjectError';
}

/** The refusal for a folder with no data-eng project at or above it. */
export function noProjectHere(start: string): NoProjectError {
  return new NoProjectError(
    `No data-eng project here (${resolve(start)}): run this inside a project, or create one with data-eng new <dir>.`,
  );
}

/** Open the project around `start`: its answers, its enabled components and plugins, and its Stack. */
export async function openProject(start: string): Promise<OpenProject> {
  const dir = findProjectDir(start);
  const config = dir ? await readProjectConfig(dir) : undefined;
  if (!dir || !config) {
    throw noProjectHere(start);
  }
  checkAnswerKeys(config, join(dir, YO_RC), dir, 'project config');
  const contributors = await loadContributors(dir, config);
  return {
    dir,
    config,
    contributors,
    stack: buildStack(config, contributors),
    settingsOf: settingsReader(contributors),
  };
}
