import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packPackage } from './pack.js';
import { REPO_ROOT } from './paths.js';

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

export { freePort } from './ports.js';

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

/** The example third-party plugin shipped in this repository. */
export const EXAMPLE_PLUGIN = 'data-eng-plugin-mosquitto';

export interface PluginProject {
  /** A temporary folder holding everything below; the caller removes it. */
  readonly work: string;
  readonly rootTarball: string;
  readonly pluginTarball: string;
  /** The example plugin's sources, as its author has them. */
  readonly example: string;
  /** Where the packed data-eng and the plugin are installed. */
  readonly home: string;
  readonly projectName: string;
  /**
   * A project made by the packed `data-eng new`, outside `home`, with only the plugin installed in it (not yet
   * enabled), the way docs/plugins.md says: the plugin's generator-data-eng import resolves to the running one.
   */
  readonly project: string;
  /** Run the installed `data-eng` in a folder; its stdout. */
  dataEng(args: readonly string[], cwd: string): string;
}

/**
 * The example plugin packed like any npm package (its prepack builds it, with the published generator-data-eng
 * replaced by this build's tarball), installed next to the packed data-eng, and a project made with them.
 */
export function preparePluginProject(label: string): PluginProject {
  const work = mkdtempSync(join(tmpdir(), `data-eng-${label}-`));
  const rootTarball = packPackage();
  const example = join(work, EXAMPLE_PLUGIN);
  cpSync(join(REPO_ROOT, 'examples', EXAMPLE_PLUGIN), example, {
    recursive: true,
    filter: (source) => !/[/\\](node_modules|dist)$/.test(source),
  });
  npmInstall(example, [rootTarball]);
  const packed = sh('npm', ['pack', '--silent', '--pack-destination', work], example)
    .trim()
    .split('\n')
    .pop()!;
  const pluginTarball = join(work, packed);
  const home = join(work, 'home');
  mkdirSync(home);
  npmInstall(home, [rootTarball, pluginTarball]);
  const bin = join(home, 'node_modules', '.bin', 'data-eng');
  const dataEng = (args: readonly string[], cwd: string): string => sh(bin, args, cwd);
  const projectName = `${label}-${process.pid}`;
  const projects = join(work, 'projects');
  mkdirSync(projects);
  dataEng(['new', projectName, '--defaults', '--skip-install'], projects);
  const project = join(projects, projectName);
  npmInstall(project, [pluginTarball]);
  return { work, rootTarball, pluginTarball, example, home, projectName, project, dataEng };
}
