// Stand-ins that the CLI bundle (scripts/bundle-cli.mjs) uses instead of some packages.
/**
 * Stand-ins for modules the CLI rarely or never needs at start-up. `data-eng-real:<name>` imports the
 * real module; esbuild puts it in a chunk of its own that loads on first use.
 * - fly-import installs generators on the fly, which `yo` does and `data-eng` never does (it registers
 *   its own generators); it would drag in npm's arborist.
 * - inquirer (with rxjs, @inquirer/prompts, external-editor's iconv-lite, string-width's emoji tables)
 *   is only needed once a question is actually asked, which --defaults and answer files never do.
 * - latest-version (ky, npm config parsing) serves generators that add dependencies without a version.
 * - string-width compiles large Unicode regular expressions when loaded; ora needs it only to redraw a
 *   spinner. `require()` here makes esbuild evaluate the module on first call instead of at start-up.
 * - normalize-package-data (with the SPDX license tables) serves read-pkg's `normalize` option, which
 *   yeoman-generator does not use when it reads package.json.
 */
export const STUBS = {
  'fly-import': `
const unavailable = () => new Error('Installing generators on the fly is not available in the data-eng CLI; use yo for that.');
export class FlyRepository {
  constructor(options = {}) { this.repositoryPath = options.repositoryPath; }
  async install() { throw unavailable(); }
}
export async function flyImport() { throw unavailable(); }
`,
  inquirer: `
const BUILT_IN = ['input', 'select', 'number', 'confirm', 'rawlist', 'expand', 'checkbox', 'password', 'editor', 'search'];
let inquirer;
const loadInquirer = async () => (inquirer ??= await import('data-eng-real:inquirer'));
const lazyPrompt = (name) => async (config, context) => {
  const { createPromptModule: create } = await loadInquirer();
  return create().prompts[name](config, context);
};
const builtInPrompts = Object.fromEntries(BUILT_IN.map((name) => [name, lazyPrompt(name)]));
/** inquirer's createPromptModule, as @yeoman/adapter uses it; inquirer itself loads with the first question. */
export function createPromptModule(opt) {
  function promptModule(questions, answers) {
    return loadInquirer().then(({ createPromptModule: create }) => {
      const real = create(opt);
      real.prompts = promptModule.prompts;
      return real(questions, answers);
    });
  }
  promptModule.prompts = { ...builtInPrompts };
  promptModule.registerPrompt = function (name, prompt) {
    promptModule.prompts[name] = prompt;
    return this;
  };
  promptModule.restoreDefaultPrompts = function () {
    promptModule.prompts = { ...builtInPrompts };
  };
  return promptModule;
}
`,
  'string-width': `
let real;
export default function stringWidth(string, options) {
  real ??= require('data-eng-real:string-width');
  return real.default(string, options);
}
`,
  'normalize-package-data': `
export default function normalize(data, warn, strict) {
  return require('data-eng-real:normalize-package-data')(data, warn, strict);
}
`,
  'latest-version': `
export default async function latestVersion(packageName, options) {
  const { default: real } = await import('data-eng-real:latest-version');
  return real(packageName, options);
}
`,
};
