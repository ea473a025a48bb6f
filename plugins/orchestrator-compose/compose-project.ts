import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { HookContext } from '../../lib/plugins/public-api.js';
import type { ComposeCommand } from './find-compose.js';
import { composeMissing, DOCKER_COMPOSE, findCompose } from './find-compose.js';
import type { ComposeResult } from './run-compose.js';
import { runCompose } from './run-compose.js';

/** Everything an action needs: where the project is, its compose project name, compose itself. */
export interface ComposeProject {
  readonly ctx: HookContext;
  readonly dir: string;
  /** The compose project name: COMPOSE_PROJECT_NAME, else compose.yaml's `name`, else the project's. */
  readonly name: string;
  /** The environment over .env: what compose interpolates compose.yaml with. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The compose that answered: `docker compose`, or what findCompose found instead. */
  readonly compose: ComposeCommand;
  /** Run a compose subcommand for this project (`-p name` first). */
  run(
    args: readonly string[],
    options?: {
      inherit?: boolean;
      onStderr?: (text: string) => void;
      onStdout?: (text: string) => void;
      input?: string;
    },
  ): Promise<ComposeResult>;
}

async function composeFileName(dir: string): Promise<string | undefined> {
  for (const file of ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml']) {
    try {
      const parsed = parse(await readFile(join(dir, file), 'utf8')) as { name?: unknown } | null;
      return typeof parsed?.name === 'string' ? parsed.name : undefined;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return undefined;
}

/**
 * Open the compose side of the project and settle the project name the way compose does. `docker compose` is
 * tried first without a version check (a process less on every command); only when it is missing are the
 * other compose v2 programs looked for.
 */
export async function openComposeProject(ctx: HookContext): Promise<ComposeProject> {
  const [dotenv, fileName] = await Promise.all([ctx.projectEnv(), composeFileName(ctx.projectDir)]);
  const env = { ...dotenv, ...process.env };
  const name = env.COMPOSE_PROJECT_NAME || fileName || ctx.stack.project.name;
  let compose = DOCKER_COMPOSE;
  const run: ComposeProject['run'] = async (args, options = {}) => {
    const call = (): Promise<ComposeResult> =>
      runCompose(compose, ['-p', name, ...args], { cwd: ctx.projectDir, signal: ctx.signal, ...options });
    if (compose !== DOCKER_COMPOSE) return call();
    let result: ComposeResult | undefined;
    try {
      result = await call();
      if (result.code === 0 || !composeMissing(result.stderr)) return result;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    compose = await findCompose();
    return call();
  };
  return {
    ctx,
    dir: ctx.projectDir,
    name,
    env,
    get compose() {
      return compose;
    },
    run,
  };
}
