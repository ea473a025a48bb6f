import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { PACKAGE_ROOT } from '../package-info.js';
import { nearest } from '../config/did-you-mean.js';
import { BUILTIN_PLUGIN_NAMES } from '../project/part-names.js';

/** npm names a third-party plugin may have. */
export const PLUGIN_PACKAGE_PATTERN = /^(@[a-z0-9][a-z0-9._-]*\/)?data-eng-plugin-[a-z0-9][a-z0-9._-]*$/;

/** A plugin named in .yo-rc.json or on the command line that cannot be found, or a name no plugin can have. Exit code 2. */
export class PluginNotFoundError extends Error {
  override readonly name = 'PluginNotFoundError';
}

export interface ResolvedPlugin {
  readonly name: string;
  /** The module file to import. */
  readonly entry: string;
  readonly packageDir: string;
  readonly version: string | undefined;
  /** Declared range for generator-data-eng (peerDependencies), if any. */
  readonly hostRange: string | undefined;
  readonly source: 'project' | 'global' | 'path';
}

interface PackageJson {
  name?: string;
  version?: string;
  main?: string;
  exports?: unknown;
  peerDependencies?: Record<string, string>;
  engines?: Record<string, string>;
}

function readPackage(dir: string): PackageJson {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;
}

function exportEntry(exports: unknown): string | undefined {
  if (typeof exports === 'string') return exports;
  if (typeof exports !== 'object' || exports === null) return undefined;
  const record = exports as Record<string, unknown>;
  const root = '.' in record ? record['.'] : record;
  if (typeof root === 'string') return root;
  if (typeof root === 'object' && root !== null) {
    const conditions = root as Record<string, unknown>;
    for (const key of ['import', 'node', 'default']) {
      const value = conditions[key];
      if (typeof value === 'string') return value;
      if (
        typeof value === 'object' &&
        value !== null &&
        typeof (value as Record<string, unknown>).default === 'string'
      ) {
        return (value as Record<string, string>).default;
      }
    }
  }
  return undefined;
}

function fromPackageDir(name: string, dir: string, source: ResolvedPlugin['source']): ResolvedPlugin {
  const pkg = readPackage(dir);
  const entry = join(dir, exportEntry(pkg.exports) ?? pkg.main ?? 'index.js');
  return {
    name,
    entry,
    packageDir: dir,
    version: pkg.version,
    hostRange: pkg.peerDependencies?.['generator-data-eng'],
    source,
  };
}

/** node_modules folders from the project up to the file system root. */
function projectModuleDirs(projectDir: string): string[] {
  const dirs: string[] = [];
  let current = resolve(projectDir);
  for (;;) {
    dirs.push(join(current, 'node_modules'));
    const parent = dirname(current);
    if (parent === current) return dirs;
    current = parent;
  }
}

/** `npm prefix -g` answers, by the settings npm reads them from: asked once per run, not per plugin. */
const askedPrefixes = new Map<string, string>();
/**
 * npm's global prefix as the user configured it (`npm config set prefix`, .npmrc, npm_config_prefix): the
 * answer of `npm prefix -g`. Without npm on the PATH, the prefix of the Node that runs this.
 */
function npmGlobalPrefix(): string {
  if (process.env.npm_config_prefix) return process.env.npm_config_prefix;
  const { HOME, npm_config_userconfig, npm_config_globalconfig } = process.env;
  const key = JSON.stringify([HOME, npm_config_userconfig, npm_config_globalconfig]);
  let prefix = askedPrefixes.get(key);
  if (prefix === undefined) {
    prefix = askNpmPrefix();
    askedPrefixes.set(key, prefix);
  }
  return prefix;
}

function askNpmPrefix(): string {
  try {
    const prefix = execFileSync('npm', ['prefix', '-g'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 15_000,
      shell: process.platform === 'win32',
    }).trim();
    if (prefix) return prefix;
  } catch {
    // npm missing or failing: fall back to Node's own prefix below.
  }
  return dirname(dirname(process.execPath));
}

/**
 * The global node_modules folders: NODE_PATH's, npm's global prefix's, and the one this generator is
 * installed in (a plugin installed with the same `npm install -g --prefix` sits beside it).
 */
export function globalModuleDirs(): string[] {
  const fromPath = (process.env.NODE_PATH ?? '').split(':').filter(Boolean);
  const prefix = npmGlobalPrefix();
  const npmGlobal =
    process.platform === 'win32' ? join(prefix, 'node_modules') : join(prefix, 'lib', 'node_modules');
  const beside = basename(dirname(PACKAGE_ROOT)) === 'node_modules' ? [dirname(PACKAGE_ROOT)] : [];
  return [...new Set([...fromPath, npmGlobal, ...beside])];
}

/**
 * Find a third-party plugin: a path relative to the project, or an npm package named data-eng-plugin-*
 * looked up in the project's node_modules first, then the global ones. Nothing unlisted is ever looked up.
 */
export function resolvePlugin(name: string, projectDir: string): ResolvedPlugin {
  if (name.startsWith('./') || name.startsWith('../') || isAbsolute(name)) {
    const target = resolve(projectDir, name);
    if (existsSync(join(target, 'package.json'))) return fromPackageDir(name, target, 'path');
    if (existsSync(target))
      return {
        name,
        entry: target,
        packageDir: dirname(target),
        version: undefined,
        hostRange: undefined,
        source: 'path',
      };
    throw new PluginNotFoundError(
      `Plugin "${name}" is not found at ${target}; fix the path in .yo-rc.json "plugins", relative to the project.`,
    );
  }
  if (!PLUGIN_PACKAGE_PATTERN.test(name)) {
    const near = nearest(name, BUILTIN_PLUGIN_NAMES);
    if (near) throw new PluginNotFoundError(`"${name}" is not a plugin; did you mean "${near}"?`);
    throw new PluginNotFoundError(
      `"${name}" is not a plugin name: use a built-in plugin, a package named data-eng-plugin-* or @scope/data-eng-plugin-*, or a ./relative/path.`,
    );
  }
  for (const dir of projectModuleDirs(projectDir)) {
    const candidate = join(dir, name);
    if (existsSync(join(candidate, 'package.json'))) return fromPackageDir(name, candidate, 'project');
  }
  const globalDirs = globalModuleDirs();
  for (const dir of globalDirs) {
    const candidate = join(dir, name);
    if (existsSync(join(candidate, 'package.json'))) return fromPackageDir(name, candidate, 'global');
  }
  throw new PluginNotFoundError(
    `Plugin "${name}" is not installed: looked in every node_modules from ${resolve(projectDir)} up to the root, and in ${globalDirs.join(', ')}; install it in the project with: npm install --save-dev ${name}`,
  );
}

/** The data-eng-plugin-* packages in one node_modules folder. */
function pluginPackagesIn(modulesDir: string): string[] {
  if (!existsSync(modulesDir)) return [];
  const names: string[] = [];
  for (const entry of readdirSync(modulesDir)) {
    if (entry.startsWith('@')) {
      for (const scoped of readdirSync(join(modulesDir, entry))) names.push(`${entry}/${scoped}`);
    } else names.push(entry);
  }
  return names.filter((name) => PLUGIN_PACKAGE_PATTERN.test(name));
}

/**
 * The plugin packages installed where a project can use them: its own node_modules, then the global ones. Listed
 * to choose from (`plugins ls`, the plugins question); none of them runs until it is enabled.
 */
export function installedPlugins(projectDir: string): { name: string; source: 'project' | 'global' }[] {
  return [
    ...pluginPackagesIn(join(projectDir, 'node_modules')).map((name) => ({
      name,
      source: 'project' as const,
    })),
    ...globalModuleDirs().flatMap((dir) =>
      pluginPackagesIn(dir).map((name) => ({ name, source: 'global' as const })),
    ),
  ];
}
