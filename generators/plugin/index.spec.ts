import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import helpers from 'yeoman-test';
import { PACKAGE_VERSION } from '../../lib/package-info.js';
import type { PluginDefinition } from '../../lib/plugins/public-api.js';
import { expectValidPlugin, renderPlugin } from '../../cli/testing.js';
import { generatorPath, REPO_ROOT } from '../../__tests__/helpers/paths.js';

/** Run `yo data-eng:plugin` non-interactively in a fresh folder with the given name. */
async function scaffold(folder: string, options: Record<string, unknown> = {}): Promise<string> {
  const dir = join(mkdtempSync(join(tmpdir(), 'data-eng-plugin-gen-')), folder);
  mkdirSync(dir);
  await helpers
    .run(generatorPath('plugin'))
    .cd(dir)
    .withOptions({ defaults: true, interactive: false, skipInstall: true, ...options } as Record<
      string,
      unknown
    >);
  return dir;
}

const readJson = (dir: string, file: string) => JSON.parse(readFileSync(join(dir, file), 'utf8'));

/**
 * Type-check the scaffolded sources and tests with its own tsconfig, with the package's public entry
 * points mapped to this repository's sources, as `npm test` in the new package would after npm install.
 */
function typeErrors(dir: string): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(join(dir, 'tsconfig.json'), undefined, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: () => undefined,
  })!;
  const options: ts.CompilerOptions = {
    ...config.options,
    baseUrl: dir,
    paths: {
      'generator-data-eng/plugin': [join(REPO_ROOT, 'lib/plugins/public-api.ts')],
      'generator-data-eng/testing': [join(REPO_ROOT, 'cli/testing.ts')],
      vitest: [join(REPO_ROOT, 'node_modules/vitest/dist/index.d.ts')],
    },
    allowImportingTsExtensions: true,
    typeRoots: [join(REPO_ROOT, 'node_modules/@types')],
  };
  const program = ts.createProgram(config.fileNames, options);
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => !d.file || d.file.fileName.startsWith(dir))
    .map((d) => `${d.file?.fileName ?? 'tsconfig'}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}

/** Import the scaffolded plugin with its one import pointed at this repository's public API. */
async function importPlugin(dir: string): Promise<PluginDefinition> {
  const source = readFileSync(join(dir, 'src/index.ts'), 'utf8').replaceAll(
    "'generator-data-eng/plugin'",
    JSON.stringify(join(REPO_ROOT, 'lib/plugins/public-api.ts')),
  );
  const file = join(dir, 'src', 'index.local.ts');
  writeFileSync(file, source);
  return ((await import(file)) as { default: PluginDefinition }).default;
}

describe('yo data-eng:plugin', () => {
  it('scaffolds a plugin package named after its folder, with the peer range on this major.minor', async () => {
    const dir = await scaffold('minio');
    const pkg = readJson(dir, 'package.json');
    const [major, minor] = PACKAGE_VERSION.split('.');
    const root = readJson(REPO_ROOT, 'package.json');
    expect(pkg).toMatchObject({
      name: 'data-eng-plugin-minio',
      type: 'module',
      exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' } },
      files: ['dist'],
      scripts: { build: 'tsc -p tsconfig.build.json', test: 'npm run typecheck && vitest run' },
      peerDependencies: { 'generator-data-eng': `^${major}.${minor}.0` },
      // Optional: installing the plugin into a project brings no second generator (the running one serves it).
      peerDependenciesMeta: { 'generator-data-eng': { optional: true } },
      devDependencies: {
        'generator-data-eng': `^${major}.${minor}.0`,
        typescript: root.devDependencies.typescript,
        vitest: root.devDependencies.vitest,
      },
    });
    expect(readJson(dir, 'tsconfig.json').compilerOptions).toMatchObject({ strict: true, noEmit: true });
    expect(readJson(dir, 'tsconfig.build.json')).toMatchObject({ compilerOptions: { outDir: 'dist' } });
    expect(readFileSync(join(dir, '.gitignore'), 'utf8').split('\n')).toEqual(
      expect.arrayContaining(['node_modules/', 'dist/']),
    );
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toContain(
      'data-eng plugins add data-eng-plugin-minio',
    );
    // Not a data-eng project: nothing must mistake the package folder for one.
    expect(existsSync(join(dir, '.yo-rc.json'))).toBe(false);
  });

  it('writes a plugin that imports only the public API, type-checks, and is valid', async () => {
    const dir = await scaffold('data-eng-plugin-lakefs', { image: 'treeverse/lakefs:1', port: 8000 });
    const imports = (file: string) =>
      ts.preProcessFile(readFileSync(join(dir, file), 'utf8')).importedFiles.map((f) => f.fileName);
    expect(new Set(imports('src/index.ts'))).toEqual(new Set(['generator-data-eng/plugin']));
    expect(new Set(imports('test/plugin.test.ts'))).toEqual(
      new Set(['vitest', 'generator-data-eng/testing', '../src/index.js']),
    );
    expect(typeErrors(dir)).toEqual([]);
    const plugin = await importPlugin(dir);
    await expectValidPlugin(plugin);
    const { compose, env } = await renderPlugin(plugin);
    expect(compose.services.lakefs).toMatchObject({
      image: '${LAKEFS_IMAGE:-treeverse/lakefs:1}',
      ports: ['127.0.0.1:${LAKEFS_PORT:-8000}:8000'],
      volumes: ['lakefs-data:/data'],
    });
    expect(env.LAKEFS_PASSWORD).toMatch(/^[A-Za-z0-9]{32}$/);
  });

  it('takes a scoped name, and a description with quotes and markup, escaped for each file', async () => {
    const description = `Lake "house" for *Bob's* team <b>`;
    const dir = await scaffold('anything', { name: '@acme/data-eng-plugin-lake-house', description });
    expect(readJson(dir, 'package.json')).toMatchObject({
      name: '@acme/data-eng-plugin-lake-house',
      description,
    });
    expect(typeErrors(dir)).toEqual([]);
    const plugin = await importPlugin(dir);
    expect(plugin).toMatchObject({ name: '@acme/data-eng-plugin-lake-house', description });
    expect((await renderPlugin(plugin)).contributions.services).toEqual(['lake-house']);
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toContain(
      'Lake "house" for \\*Bob\'s\\* team \\<b\\>',
    );
  });

  it('refuses a package name that discovery would never find, naming the rule', async () => {
    await expect(scaffold('x', { name: 'my-plugin' })).rejects.toThrow(
      /Invalid plugin\.name \(--name\): "my-plugin"; use data-eng-plugin-<name> or @scope\/data-eng-plugin-<name>/,
    );
  });

  it('refuses a service name a built-in component uses', async () => {
    await expect(scaffold('x', { service: 'postgres' })).rejects.toThrow(
      /Invalid plugin\.service \(--service\): "postgres"; a built-in component already uses that name/,
    );
  });
});
