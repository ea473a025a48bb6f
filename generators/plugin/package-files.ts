import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_NAME, PACKAGE_ROOT, PACKAGE_VERSION } from '../../lib/package-info.js';

/** The range a new plugin declares for generator-data-eng: this major.minor and later compatible releases. */
export function hostRange(version: string = PACKAGE_VERSION): string {
  const [major, minor] = version.split('.');
  return `^${major}.${minor}.0`;
}

/** The versions of the tools this package is built and tested with, so new plugins match. */
function toolVersions(): Record<string, string> {
  const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as {
    devDependencies?: Record<string, string>;
  };
  return {
    '@types/node': pkg.devDependencies?.['@types/node'] ?? '^20.0.0',
    typescript: pkg.devDependencies?.typescript ?? '^5.9.0',
    vitest: pkg.devDependencies?.vitest ?? '^4.0.0',
  };
}

/**
 * package.json of a new plugin: ESM, built to dist, with its peer range on generator-data-eng. The peer is
 * optional, so installing the plugin into a project does not install a second generator there: the running
 * generator provides `generator-data-eng/plugin` (lib/plugins/host-resolve-hook.ts).
 */
export function pluginPackageJson(name: string, description: string): Record<string, unknown> {
  const range = hostRange();
  return {
    name,
    version: '0.1.0',
    description,
    type: 'module',
    keywords: ['data-eng-plugin', 'generator-data-eng'],
    exports: {
      '.': { types: './dist/index.d.ts', default: './dist/index.js' },
      './package.json': './package.json',
    },
    files: ['dist'],
    engines: { node: '^20.17 || >=22.9' },
    scripts: {
      build: 'tsc -p tsconfig.build.json',
      typecheck: 'tsc -p tsconfig.json',
      test: 'npm run typecheck && vitest run',
      prepack: 'npm run build',
    },
    peerDependencies: { [PACKAGE_NAME]: range },
    peerDependenciesMeta: { [PACKAGE_NAME]: { optional: true } },
    devDependencies: { [PACKAGE_NAME]: range, ...toolVersions() },
  };
}

/** tsconfig.json: strict type checking of the sources and the tests, no output. */
export const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    lib: ['ES2023'],
    types: ['node'],
    strict: true,
    noUnusedLocals: true,
    noUnusedParameters: true,
    noImplicitOverride: true,
    verbatimModuleSyntax: true,
    isolatedModules: true,
    skipLibCheck: true,
    noEmit: true,
  },
  include: ['src/**/*.ts', 'test/**/*.ts'],
};

/** tsconfig.build.json: compiles src/ to dist/ with type declarations. */
export const TSCONFIG_BUILD = {
  extends: './tsconfig.json',
  compilerOptions: { noEmit: false, declaration: true, rootDir: 'src', outDir: 'dist' },
  include: ['src/**/*.ts'],
};
