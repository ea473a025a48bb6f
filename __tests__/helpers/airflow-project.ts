import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runGenerator } from './run-generator.js';

export const EXECUTORS = ['LocalExecutor', 'CeleryExecutor'] as const;
export const AUTH_MANAGERS = ['simple', 'fab'] as const;
/** Every executor with every auth manager. */
export const COMBINATIONS = EXECUTORS.flatMap((executor) =>
  AUTH_MANAGERS.map((auth) => [executor, auth] as const),
);

/** The airflow options by flag, with the key .yo-rc.json stores them under. */
const AIRFLOW_FLAGS: Record<string, string> = {
  'airflow-version': 'version',
  'python-version': 'pythonVersion',
  executor: 'executor',
  'auth-manager': 'authManager',
};

let answersDir: string | undefined;
let answersCount = 0;

/** An answers file holding only airflow answers, for --answers. Call removeAnswersFiles() in afterAll. */
export function airflowAnswersFile(airflow: Record<string, string>): string {
  answersDir ??= mkdtempSync(join(tmpdir(), 'airflow-answers-'));
  const file = join(answersDir, `answers-${(answersCount += 1)}.json`);
  writeFileSync(file, JSON.stringify({ airflow }));
  return file;
}

/**
 * Generate a project with postgres and airflow, in a fresh folder or `dir`. The airflow answers go through an
 * answers file: `yo data-eng` passes only hyphenated flags on to its sub-generators, so --executor would not
 * reach the airflow generator.
 */
export function generateAirflow(flags: Record<string, string> = {}, dir?: string) {
  const airflow = Object.fromEntries(
    Object.entries(flags).flatMap(([flag, value]) =>
      AIRFLOW_FLAGS[flag] ? [[AIRFLOW_FLAGS[flag], value]] : [],
    ),
  );
  const rest = Object.fromEntries(Object.entries(flags).filter(([flag]) => !AIRFLOW_FLAGS[flag]));
  const options = {
    name: 'flow',
    components: 'postgres,airflow',
    answers: airflowAnswersFile(airflow),
    ...rest,
  };
  return dir === undefined ? runGenerator('app', options) : runGenerator('app', options, dir);
}

export function removeAnswersFiles(): void {
  if (answersDir !== undefined) rmSync(answersDir, { recursive: true, force: true });
  answersDir = undefined;
}

export const readText = (dir: string, file: string): string => readFileSync(join(dir, file), 'utf8');
