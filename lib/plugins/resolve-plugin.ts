import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';

/** npm names a third-party plugin may have. */
export const PLUGIN_PACKAGE_PATTERN = /^(@[a-z0-9][a-z0-9._-]*\/)?data-eng-plugin-[a-z0-9][a-z0-9._-]*$/;

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

/** The global node_modules of the npm that installed this Node, and of NODE_PATH. */
export function globalModuleDirs(): string[] {
  const prefix = process.env.npm_config_prefix ?? dirname(dirname(process.execPath));
  const fromPath = (process.env.NODE_PATH ?? '').split(':').filter(Boolean);
  return [...fromPath, join(prefix, 'lib', 'node_modules')];
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
    throw new Error(
      `Plugin "${name}" is not found at ${target}; fix the path in .yo-rc.json "plugins", relative to the project.`,
    );
  }
  if (!PLUGIN_PACKAGE_PATTERN.test(name)) {
    throw new Error(
      `"${name}" is not a plugin name: use a built-in plugin, a package named data-eng-plugin-* or @scope/data-eng-plugin-*, or a ./relative/path.`,
    );
  }
  for (const dir of projectModuleDirs(projectDir)) {
    const candidate = join(dir, name);
    if (existsSync(join(candidate, 'package.json'))) return fromPackageDir(name, candidate, 'project');
  }
  for (const dir of globalModuleDirs()) {
    const candidate = join(dir, name);
    if (existsSync(join(candidate, 'package.json'))) return fromPackageDir(name, candidate, 'global');
  }
  throw new Error(`Plugin "${name}" is not installed; install it with: npm install --save-dev ${name}`);
}
