import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** Run a command; a non-zero exit fails with everything it printed. */
export function sh(command: string, args: readonly string[], cwd: string, timeout = 240_000): string {
  const result = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    input: '',
    timeout,
    env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
  });
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} (in ${cwd}) exited ${String(result.status ?? result.signal)}:\n${result.stdout}\n${result.stderr}`,
    );
  }
  return result.stdout;
}

/** npm install from the npm registry and local tarballs, as a user would. */
export function npmInstall(dir: string, specs: readonly string[]): void {
  if (!existsSync(join(dir, 'package.json'))) sh('npm', ['init', '-y'], dir);
  sh(
    'npm',
    ['install', '--save-dev', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', ...specs],
    dir,
  );
}

/** Whether the docker CLI with the compose v2 plugin is on PATH (the engine need not run). */
export function composeAvailable(): boolean {
  return spawnSync('docker', ['compose', 'version'], { stdio: 'ignore' }).status === 0;
}

/** A TCP port free on 127.0.0.1 right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Set (or replace) variables in the project's .env, keeping everything else. */
export function setEnv(dir: string, values: Record<string, string>): void {
  let text = readFileSync(join(dir, '.env'), 'utf8');
  for (const [name, value] of Object.entries(values)) {
    const line = `${name}=${value}`;
    const pattern = new RegExp(`^${name}=.*$`, 'm');
    text = pattern.test(text) ? text.replace(pattern, line) : `${text.replace(/\n?$/, '\n')}${line}\n`;
  }
  writeFileSync(join(dir, '.env'), text);
}

/** Every file of a package as its author sees it (no node_modules, build output or lock file), by path. */
export function packageFiles(dir: string): Record<string, string> {
  const skip = new Set(['node_modules', 'dist', 'package-lock.json']);
  return Object.fromEntries(
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
      .filter((path) => !skip.has(path.split('/')[0]!))
      .map((path) => [path, readFileSync(join(dir, path), 'utf8')]),
  );
}

/** A variable's value in the project's .env. */
export function envValue(dir: string, name: string): string {
  return new RegExp(`^${name}=(.*)$`, 'm').exec(readFileSync(join(dir, '.env'), 'utf8'))![1]!;
}
