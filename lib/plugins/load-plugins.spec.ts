import '../../cli/catalog.js';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadContributors, loadPlugin } from './load-plugins.js';
import { PACKAGE_VERSION } from '../package-info.js';

interface FixturePackage {
  readonly version?: string;
  /** peerDependencies["generator-data-eng"]. */
  readonly range?: string;
  /** The entry module's source; by default a valid plugin named after the package; null writes none. */
  readonly source?: string | null;
  /** package.json "main"; the entry is written there. */
  readonly main?: string;
}

/** Write an installed npm package into `modulesDir`, the way npm lays one out. */
function installFixture(modulesDir: string, name: string, fixture: FixturePackage = {}): void {
  const dir = join(modulesDir, name);
  const main = fixture.main ?? 'dist/index.js';
  mkdirSync(join(dir, 'dist'), { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({
      name,
      version: fixture.version ?? '1.0.0',
      type: 'module',
      exports: { '.': { default: `./${main}` } },
      ...(fixture.range ? { peerDependencies: { 'generator-data-eng': fixture.range } } : {}),
    }),
  );
  if (fixture.source !== null) {
    writeFileSync(
      join(dir, main),
      fixture.source ??
        `export default { name: ${JSON.stringify(name)}, apiVersion: 1, description: 'from ${modulesDir}' };\n`,
    );
  }
}

describe('plugin registry: finding and loading the plugins .yo-rc.json lists', () => {
  let root: string;
  let project: string;
  let projectModules: string;
  let globalModules: string;
  const savedNodePath = process.env.NODE_PATH;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'plugin-registry-'));
    project = join(root, 'workspace', 'project');
    projectModules = join(project, 'node_modules');
    globalModules = join(root, 'global', 'lib', 'node_modules');
    mkdirSync(projectModules, { recursive: true });
    mkdirSync(globalModules, { recursive: true });
    // The global node_modules are looked up through NODE_PATH first; point it at a folder of our own.
    process.env.NODE_PATH = globalModules;
  });

  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
    if (savedNodePath === undefined) delete process.env.NODE_PATH;
    else process.env.NODE_PATH = savedNodePath;
  });

  describe('resolution order', () => {
    it("takes the project's copy over the global one", async () => {
      installFixture(projectModules, 'data-eng-plugin-both', { version: '1.2.0' });
      installFixture(globalModules, 'data-eng-plugin-both', { version: '9.0.0' });
      const plugin = await loadPlugin('data-eng-plugin-both', project);
      expect(plugin).toMatchObject({ source: 'project', version: '1.2.0' });
      expect(plugin.definition.description).toBe(`from ${projectModules}`);
    });

    it('finds a global plugin under the prefix the user set with npm config (npm prefix -g)', async () => {
      // A user-level .npmrc with its own prefix, as `npm config set prefix ~/.npm-global` writes; no
      // npm_config_* variable says so, as when data-eng runs from the user's shell rather than npm.
      const saved = { ...process.env };
      try {
        for (const key of Object.keys(process.env)) if (/^npm_config_/i.test(key)) delete process.env[key];
        delete process.env.NODE_PATH;
        const userPrefix = join(root, 'npm-global');
        writeFileSync(join(root, 'npmrc'), `prefix=${userPrefix}\n`);
        process.env.npm_config_userconfig = join(root, 'npmrc');
        installFixture(join(userPrefix, 'lib', 'node_modules'), 'data-eng-plugin-user-prefix');
        expect(await loadPlugin('data-eng-plugin-user-prefix', project)).toMatchObject({ source: 'global' });
      } finally {
        for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
        Object.assign(process.env, saved);
      }
    });

    it('falls back to the global node_modules', async () => {
      installFixture(globalModules, 'data-eng-plugin-global-only', { version: '2.0.0' });
      expect(await loadPlugin('data-eng-plugin-global-only', project)).toMatchObject({
        source: 'global',
        version: '2.0.0',
      });
    });

    it("finds a package in a parent folder's node_modules (a monorepo) before the global one", async () => {
      installFixture(join(root, 'workspace', 'node_modules'), 'data-eng-plugin-hoisted', {
        version: '3.0.0',
      });
      installFixture(globalModules, 'data-eng-plugin-hoisted', { version: '9.0.0' });
      expect(await loadPlugin('data-eng-plugin-hoisted', project)).toMatchObject({
        source: 'project',
        version: '3.0.0',
      });
    });

    it('resolves scoped packages', async () => {
      installFixture(projectModules, '@acme/data-eng-plugin-lake');
      const plugin = await loadPlugin('@acme/data-eng-plugin-lake', project);
      expect(plugin.definition.name).toBe('@acme/data-eng-plugin-lake');
    });

    it('loads a plugin kept inside the project by its relative path', async () => {
      mkdirSync(join(project, 'tools'));
      writeFileSync(
        join(project, 'tools', 'local-plugin.mjs'),
        "export default { name: 'local-plugin', apiVersion: 1 };\n",
      );
      expect(await loadPlugin('./tools/local-plugin.mjs', project)).toMatchObject({
        source: 'path',
        definition: { name: 'local-plugin' },
      });
    });
  });

  describe('only what is listed runs', () => {
    it('never imports an installed package that .yo-rc.json does not list', async () => {
      const marker = `__dataEngLoaded_${process.pid}`;
      const source = (name: string) =>
        `globalThis[${JSON.stringify(marker)}] = [...(globalThis[${JSON.stringify(marker)}] ?? []), ${JSON.stringify(name)}];\n` +
        `export default { name: ${JSON.stringify(name)}, apiVersion: 1 };\n`;
      installFixture(projectModules, 'data-eng-plugin-listed', { source: source('data-eng-plugin-listed') });
      installFixture(projectModules, 'data-eng-plugin-unlisted', {
        source: source('data-eng-plugin-unlisted'),
      });
      installFixture(globalModules, 'data-eng-plugin-global-unlisted', {
        source: source('data-eng-plugin-global-unlisted'),
      });
      const contributors = await loadContributors(project, {
        project: { name: 'registry-test' },
        plugins: ['data-eng-plugin-listed'],
      });
      expect(contributors.map((c) => c.definition.name)).toEqual(['project', 'data-eng-plugin-listed']);
      expect((globalThis as Record<string, unknown>)[marker]).toEqual(['data-eng-plugin-listed']);
    });

    it('refuses a listed name that is not a plugin package name', async () => {
      installFixture(projectModules, 'left-pad');
      await expect(loadPlugin('left-pad', project)).rejects.toThrow(
        '"left-pad" is not a plugin name: use a built-in plugin, a package named data-eng-plugin-* or @scope/data-eng-plugin-*, or a ./relative/path.',
      );
    });
  });

  describe('version checks', () => {
    it('loads a plugin whose range includes this version', async () => {
      installFixture(projectModules, 'data-eng-plugin-fits', { range: `^${PACKAGE_VERSION}` });
      expect((await loadPlugin('data-eng-plugin-fits', project)).definition.name).toBe(
        'data-eng-plugin-fits',
      );
    });

    it('refuses a plugin whose range excludes this version, giving both versions', async () => {
      installFixture(projectModules, 'data-eng-plugin-future', { version: '4.1.0', range: '^99.0.0' });
      await expect(loadPlugin('data-eng-plugin-future', project)).rejects.toThrow(
        `Plugin "data-eng-plugin-future" 4.1.0 needs generator-data-eng ^99.0.0, but this is ${PACKAGE_VERSION}; install a version of either that fits.`,
      );
    });

    it('refuses a plugin written for another plugin API, giving both API versions', async () => {
      installFixture(projectModules, 'data-eng-plugin-api2', {
        source: "export default { name: 'data-eng-plugin-api2', apiVersion: 2 };\n",
      });
      await expect(loadPlugin('data-eng-plugin-api2', project)).rejects.toThrow(
        `Plugin "data-eng-plugin-api2" speaks plugin API 2, but generator-data-eng ${PACKAGE_VERSION} speaks 1; install a matching version of the plugin.`,
      );
    });
  });

  describe('bad plugin modules are refused with a clear error', () => {
    it('a module without a default export', async () => {
      installFixture(projectModules, 'data-eng-plugin-named', { source: 'export const plugin = {};\n' });
      await expect(loadPlugin('data-eng-plugin-named', project)).rejects.toThrow(
        'Plugin "data-eng-plugin-named" has no default export; export default definePlugin({...}) from its entry module.',
      );
    });

    it('a default export that is not a plugin definition', async () => {
      installFixture(projectModules, 'data-eng-plugin-shapeless', {
        source: "export default { title: 'not a plugin' };\n",
      });
      await expect(loadPlugin('data-eng-plugin-shapeless', project)).rejects.toThrow(
        'Plugin "data-eng-plugin-shapeless" does not export a plugin definition; wrap it in definePlugin({ name, apiVersion }).',
      );
    });

    it('a module that throws while loading', async () => {
      installFixture(projectModules, 'data-eng-plugin-throws', {
        source: "throw new Error('cannot reach the license server');\n",
      });
      await expect(loadPlugin('data-eng-plugin-throws', project)).rejects.toThrow(
        /^Plugin "data-eng-plugin-throws" failed to load from .*dist\/index\.js \(cannot reach the license server\); reinstall it or fix its build\.$/,
      );
    });

    it('a module that is not valid JavaScript', async () => {
      installFixture(projectModules, 'data-eng-plugin-syntax', { source: 'export default {\n' });
      await expect(loadPlugin('data-eng-plugin-syntax', project)).rejects.toThrow(
        /^Plugin "data-eng-plugin-syntax" failed to load from .*; reinstall it or fix its build\.$/,
      );
    });

    it('a package whose entry file is missing (never built)', async () => {
      installFixture(projectModules, 'data-eng-plugin-unbuilt', { main: 'dist/missing.js', source: null });
      await expect(loadPlugin('data-eng-plugin-unbuilt', project)).rejects.toThrow(
        /^Plugin "data-eng-plugin-unbuilt" failed to load from .*dist\/missing\.js .*reinstall it or fix its build\.$/,
      );
    });
  });

  describe('a plugin that cannot be found says how to get it', () => {
    it('an npm package that is not installed, naming where it looked', async () => {
      await expect(loadPlugin('data-eng-plugin-nowhere', project)).rejects.toThrow(
        `Plugin "data-eng-plugin-nowhere" is not installed: looked in every node_modules from ${project} up to the root, and in ${globalModules}, `,
      );
      await expect(loadPlugin('data-eng-plugin-nowhere', project)).rejects.toThrow(
        /; install it in the project with: npm install --save-dev data-eng-plugin-nowhere$/,
      );
    });

    it('a relative path that does not exist', async () => {
      await expect(loadPlugin('./tools/gone.mjs', project)).rejects.toThrow(
        `Plugin "./tools/gone.mjs" is not found at ${join(project, 'tools', 'gone.mjs')}; fix the path in .yo-rc.json "plugins", relative to the project.`,
      );
    });
  });
});
