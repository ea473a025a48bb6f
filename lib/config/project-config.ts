import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The key generator-data-eng's answers live under in .yo-rc.json. */
export const CONFIG_KEY = 'generator-data-eng';
export const YO_RC = '.yo-rc.json';

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
  } catch {
    throw new Error(`Cannot read the answers file "${file}"; check the path passed to --answers.`);
  }
  let raw: unknown;
  try {
    // yaml loads only for YAML answers: every command reads .yo-rc.json, few read an answers file.
    raw = /\.json$/i.test(file) ? JSON.parse(text) : (await import('./parse-yaml.js')).parseYaml(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new Error(
      `The answers file "${file}" is not valid JSON or YAML (${reason}); fix it and run again.`,
    );
  }
  return normalizeConfig(raw, file);
}

/** The project's stored answers, or undefined if the folder holds no generated project. */
export async function readProjectConfig(projectDir: string): Promise<ProjectConfig | undefined> {
  const file = join(projectDir, YO_RC);
  if (!existsSync(file)) return undefined;
  const raw: unknown = JSON.parse(await readFile(file, 'utf8'));
  if (!isRecord(raw) || !isRecord(raw[CONFIG_KEY])) return undefined;
  return normalizeConfig(raw, file);
}

/** Owners (components and plugins) whose answers the config holds, besides `project`. */
export function answersOf(config: ProjectConfig, owner: string): Answers {
  const value = config[owner];
  return isRecord(value) ? value : {};
}
