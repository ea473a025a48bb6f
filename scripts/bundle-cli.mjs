// Bundle the package with esbuild into <outDir>/: the data-eng command, the generators `yo` finds, the
// plugin API and the test helpers, split into shared chunks. This is the only JavaScript the package ships;
// tsc adds the type declarations beside it. Why: yeoman-environment and yeoman-generator load about 2,000
// module files from node_modules, a split bundle a few dozen; and a bundled dependency need not be installed
// (docs/adr/0002-cli-start-up.md, docs/adr/0004-one-bundle-ships.md).
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { build } from 'esbuild';
import { STUBS } from './bundle-stubs.mjs';

/**
 * Source modules that are entry points besides the generators and the built-in plugins, each at its own path
 * under <outDir>/: the command, the package's exports, and the modules scripts and benchmarks import.
 */
const ENTRY_MODULES = [
  'cli/main',
  'cli/register/auth',
  'lib/plugins/public-api',
  'lib/plugins/host-resolve-hook',
  'lib/plugins/hook-worker',
  'cli/testing',
  'cli/docs/answer-sections',
  'lib/docs/render-answers-doc',
  'plugins/build-cache/fingerprint',
];

/** Every chunk may need `require` (bundled CommonJS requiring Node's modules); made on first use. */
const BANNER = `import { createRequire as __dataEngCreateRequire } from 'node:module';
let __dataEngRequire;
const require = (id) => (__dataEngRequire ??= __dataEngCreateRequire(import.meta.url))(id);
require.resolve = (id, options) => (__dataEngRequire ??= __dataEngCreateRequire(import.meta.url)).resolve(id, options);`;

/** A bundled file's own location, rebuilt at run time from the bundle's: <outDir>/<path>. */
const fileUrlModule = (outName) => `import { sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
const here = fileURLToPath(import.meta.url);
const marker = sep + ${JSON.stringify(outName)} + sep;
const at = here.lastIndexOf(marker);
if (at < 0) throw new Error('generator-data-eng: the bundle is not inside its ' + ${JSON.stringify(outName)} + ' folder (' + here + '); reinstall the package.');
const bundleRoot = here.slice(0, at + marker.length);
export const filePath = (path) => bundleRoot + path.split('/').join(sep);
export const fileUrl = (path) => pathToFileURL(filePath(path)).href;`;

const toPosix = (path) => path.split(sep).join('/');

/**
 * Where a file of a bundled package claims to live: vendor/<package>/<path>, nested packages as
 * vendor/<parent>/+/<package>/ (npm pack would drop a folder named node_modules).
 */
function vendorPath(file) {
  const parts = toPosix(file).split('/node_modules/');
  const inPackage = parts.at(-1).split('/');
  const nameLength = inPackage[0].startsWith('@') ? 2 : 1;
  const packageDir = file.slice(0, file.length - inPackage.slice(nameLength).join('/').length);
  const nesting = parts
    .slice(1, -1)
    .map((part) => `${part}/+/`)
    .join('');
  const vendorDir = `vendor/${nesting}${inPackage.slice(0, nameLength).join('/')}`;
  return { packageDir, vendorDir, path: `${vendorDir}/${inPackage.slice(nameLength).join('/')}` };
}

/**
 * Keep `import.meta.url` (and CommonJS `__filename`/`__dirname`) meaning "this source file" once files
 * are merged into chunks: each file gets its place in a tree mirrored under <outDir>/. Our files keep
 * their source paths there, so a generator entry (generators/<name>/index.js) finds its sibling
 * generators and every module finds its templates/ (copied into that tree). Bundled packages get
 * vendor/<package>/ with a copy of their package.json, which yeoman-environment and yeoman-generator read.
 */
function fileUrlPlugin(root, vendored, outName) {
  return {
    name: 'data-eng-file-url',
    setup(b) {
      b.onResolve({ filter: /^data-eng-bundle:file-url$/ }, () => ({
        path: 'file-url',
        namespace: 'data-eng',
      }));
      b.onLoad({ filter: /.*/, namespace: 'data-eng' }, () => ({
        contents: fileUrlModule(outName),
        loader: 'js',
      }));
      b.onLoad({ filter: /\.[cm]?[tj]s$/ }, (args) => {
        const source = readFileSync(args.path, 'utf8');
        const inPackage = args.path.includes(`${sep}node_modules${sep}`);
        let contents = source;
        // `import(\`../plugins/${name}/index.js\`)` means the .ts sources: let esbuild's glob find them.
        if (!inPackage) contents = contents.replace(/import\((`[^`]*)\.js`\)/g, 'import($1.ts`)');
        // `createRequire(import.meta.url)('pkg')` loads a package on first use: bundle it, still loaded on
        // first use (esbuild evaluates a required CommonJS module on its first require).
        if (!inPackage)
          contents = contents.replace(/createRequire\(import\.meta\.url\)\(('[^']+')\)/g, 'require($1)');
        const usesUrl = /\bimport\.meta\.url\b/.test(contents);
        const usesDirname =
          inPackage && !/\bimport\.meta\b/.test(source) && /\b__(file|dir)name\b/.test(source);
        if (usesUrl || usesDirname) {
          let path = toPosix(relative(root, args.path)).replace(/\.ts$/, '.js');
          if (inPackage) {
            const vendor = vendorPath(args.path);
            vendored.set(vendor.vendorDir, vendor.packageDir);
            path = vendor.path;
          }
          const at = JSON.stringify(path);
          contents = usesUrl
            ? `import { fileUrl as __dataEngFileUrl } from 'data-eng-bundle:file-url';\n` +
              contents.replace(/\bimport\.meta\.url\b/g, `__dataEngFileUrl(${at})`)
            : `var __filename = require('data-eng-bundle:file-url').filePath(${at});\n` +
              `var __dirname = require('node:path').dirname(__filename);\n${contents}`;
        }
        if (contents === source) return undefined;
        return {
          contents,
          loader: /\.[cm]?ts$/.test(args.path) ? 'ts' : 'js',
          resolveDir: dirname(args.path),
        };
      });
    },
  };
}

/** Replace the packages named in STUBS; a stub imports the real one as `data-eng-real:<name>`. */
function stubPlugin() {
  const escape = (name) => name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const filter = new RegExp(`^(${Object.keys(STUBS).map(escape).join('|')})$`);
  return {
    name: 'data-eng-stubs',
    setup(b) {
      b.onResolve({ filter }, (args) =>
        args.pluginData?.real
          ? undefined
          : { path: args.path, namespace: 'data-eng-stub', pluginData: args.resolveDir },
      );
      b.onLoad({ filter: /.*/, namespace: 'data-eng-stub' }, (args) => ({
        contents: STUBS[args.path],
        loader: 'js',
        // The real package resolves from where the stubbed import was.
        resolveDir: args.pluginData,
      }));
      b.onResolve({ filter: /^data-eng-real:/ }, (args) =>
        b.resolve(args.path.slice('data-eng-real:'.length), {
          kind: args.kind,
          resolveDir: args.resolveDir,
          pluginData: { real: true },
        }),
      );
    },
  };
}

/** Copy each templates/ folder of generators/ and plugins/ into the bundle's mirrored tree. */
function copyTemplates(root, cliDir) {
  for (const folder of ['generators', 'plugins']) {
    if (!existsSync(join(root, folder))) continue;
    for (const name of readdirSync(join(root, folder))) {
      const templates = join(root, folder, name, 'templates');
      if (existsSync(templates))
        cpSync(templates, join(cliDir, folder, name, 'templates'), { recursive: true });
    }
  }
}

/**
 * Bundle the entry modules, every generators/<name>/index.ts and every plugins/<name>/index.ts into
 * <outDir>/ (ESM, split into chunks so that each command loads only what it runs). Only the package's
 * runtime dependencies stay in node_modules. Returns esbuild's metafile.
 */
export async function bundleCli(outDir, root = process.cwd()) {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const cliDir = outDir;
  const entryPoints = Object.fromEntries(ENTRY_MODULES.map((path) => [path, join(root, `${path}.ts`)]));
  for (const folder of ['generators', 'plugins']) {
    for (const name of readdirSync(join(root, folder))) {
      const entry = join(root, folder, name, 'index.ts');
      if (existsSync(entry)) entryPoints[`${folder}/${name}/index`] = entry;
    }
  }
  const vendored = new Map();
  const result = await build({
    absWorkingDir: root,
    entryPoints,
    outdir: cliDir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    chunkNames: 'chunks/[name]-[hash]',
    external: [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})],
    banner: { js: BANNER },
    plugins: [stubPlugin(), fileUrlPlugin(root, vendored, basename(outDir))],
    metafile: true,
    logLevel: 'warning',
  });
  copyTemplates(root, cliDir);
  for (const [vendorDir, packageDir] of vendored) {
    mkdirSync(join(cliDir, vendorDir), { recursive: true });
    copyFileSync(join(packageDir, 'package.json'), join(cliDir, vendorDir, 'package.json'));
  }
  return result.metafile;
}
