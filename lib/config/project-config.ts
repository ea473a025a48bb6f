import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { projectPath, readProjectFile } from '../fs/project-paths.js';
import { AnswerError } from './resolve-answers.js';

/** The key generator-data-eng's answers live under in .yo-rc.json. */
export const CONFIG_KEY = 'generator-data-eng';
export const YO_RC = '.yo-rc.json';
/** Where the last rendering of every derived file is kept: the "base" of the three-way merge. Commit it. */
export const RENDERED_RECORD = '.data-eng/rendered.json';

/**
 * The project's .yo-rc.json cannot be used: not JSON, not an object, or without the answers although the
 * folder is a data-eng project. Nothing is changed. Exit code 2.
 */
export class ProjectConfigError extends Error {
  override readonly name = 'ProjectConfigError';
}

const RESTORE =
  'restore it with git checkout -- .yo-rc.json (or from a backup) and run again; nothing was changed.';

export type Answers = Record<string, unknown>;

/**
 * The answers of a project, as stored in .yo-rc.json under "generator-data-eng":
 * `project` for the project itself, one key per component (postgres, airflow, ...) and per plugin,
 * and `plugins`, the explicit list of enabled plugins.
 */
export interface ProjectConfig {
  project?: Answers;
  plugins?: string[];
  [owner: string]: Answers | string[] | undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Accept either the whole .yo-rc.json shape or just the inner object. */
export function normalizeConfig(raw: unknown, source: string): ProjectConfig {
  if (!isRecord(raw)) {
    throw new Error(
      `${source} must hold an object of answers, like the "${CONFIG_KEY}" object of .yo-rc.json.`,
    );
  }
  const inner = isRecord(raw[CONFIG_KEY]) ? raw[CONFIG_KEY] : raw;
  for (const [key, value] of Object.entries(inner)) {
    if (key === 'plugins') {
      if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
        throw new Error(
          `"plugins" in ${source} must be a list of plugin names, e.g. ["orchestrator-compose"].`,
        );
      }
    } else if (!isRecord(value)) {
      throw new Error(`"${key}" in ${source} must be an object of answers, not ${JSON.stringify(value)}.`);
    }
  }
  return inner as ProjectConfig;
}

/** Read an answers file: JSON or YAML, with the keys .yo-rc.json stores. */
export async function readAnswersFile(file: string): Promise<ProjectConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'there is no such file' : code === 'EISDIR' ? 'it is a folder' : code;
    throw new AnswerError(
      `Cannot read the answers file "${file}" (${why}); check the path passed to --answers.`,
    );
  }
  let raw: unknown;
  try {
    // yaml loads only for YAML answers: every command reads .yo-rc.json, few read an answers file.
    raw = /\.json$/i.test(file) ? JSON.parse(text) : (await import('./parse-yaml.js')).parseYaml(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new AnswerError(
      `The answers file "${file}" is not valid JSON or YAML (${reason}); fix it and run again.`,
    );
  }
  try {
    return normalizeConfig(raw, file);
  } catch (error) {
    throw new AnswerError((error as Error).message);
  }
}

/** How a JSON value reads in a message: its kind, not its contents. */
function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return `a ${typeof value}`;
}

/**
 * The project's stored answers, or undefined if the folder holds no data-eng project (no .yo-rc.json, or one
 * of another generator's in a folder data-eng never rendered). A .yo-rc.json that cannot be used is refused
 * with ProjectConfigError naming the file, the problem and the fix, so that no command renders, and so
 * deletes, from answers that lost a part.
 */
export async function readProjectConfig(projectDir: string): Promise<ProjectConfig | undefined> {
  const file = projectPath(projectDir, YO_RC);
  const text = await readProjectFile(projectDir, YO_RC);
  if (text === undefined) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new ProjectConfigError(`${file} is not valid JSON (${reason}); fix it, or ${RESTORE}`);
  }
  if (!isRecord(raw)) {
    throw new ProjectConfigError(
      `${file} holds ${kindOf(raw)}, not an object with "${CONFIG_KEY}" answers; ${RESTORE}`,
    );
  }
  const inner = raw[CONFIG_KEY];
  if (inner === undefined) {
    if (!existsSync(join(projectDir, RENDERED_RECORD))) return undefined;
    throw new ProjectConfigError(
      `${file} has no "${CONFIG_KEY}" answers, but ${RENDERED_RECORD} shows a data-eng project here; ${RESTORE}`,
    );
  }
  if (!isRecord(inner)) {
    throw new ProjectConfigError(
      `"${CONFIG_KEY}" in ${file} holds ${kindOf(inner)}, not an object of answers; ${RESTORE}`,
    );
  }
  try {
    return normalizeConfig(raw, file);
  } catch (error) {
    throw new ProjectConfigError(`${(error as Error).message.replace(/\.$/, '')}; fix it, or ${RESTORE}`);
  }
}

/** Owners (components and plugins) whose answers the config holds, besides `project`. */
export function answersOf(config: ProjectConfig, owner: string): Answers {
  const value = config[owner];
  return isRecord(value) ? value : {};
}
