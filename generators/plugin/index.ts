import Generator, { type BaseOptions } from 'yeoman-generator';
import { resolveAnswers } from '../../lib/config/resolve-answers.js';
import { PLUGIN_API_VERSION } from '../../lib/plugins/public-api.js';
import { markdownText } from '../../lib/render/escape.js';
import { pluginOptions } from './options.js';
import { hostRange, pluginPackageJson, TSCONFIG, TSCONFIG_BUILD } from './package-files.js';

type PluginGeneratorOptions = BaseOptions & {
  defaults?: boolean;
  interactive?: boolean;
  [flag: string]: unknown;
};

/** A single-quoted TypeScript string literal for any text. */
const tsString = (text: string): string =>
  `'${JSON.stringify(text).slice(1, -1).replaceAll('\\"', '"').replaceAll("'", "\\'")}'`;

/** The .env variable prefix for a service: minio → MINIO, my-svc → MY_SVC. */
const envPrefix = (service: string): string => service.toUpperCase().replaceAll('-', '_');

/**
 * `yo data-eng:plugin` and `data-eng new-plugin`: scaffolds a standalone third-party plugin package
 * (TypeScript, definePlugin, a passing test on generator-data-eng/testing, a README). It renders no project.
 */
export default class PluginGenerator extends Generator<Record<string, unknown>, PluginGeneratorOptions> {
  private answers: Record<string, unknown> = {};

  constructor(args: string[], options: PluginGeneratorOptions) {
    super(args, options);
    this.option('defaults', {
      type: Boolean,
      description: 'Answer every question not given with its default',
    });
    this.option('interactive', { type: Boolean, description: 'Ask questions (default: only on a terminal)' });
    for (const spec of pluginOptions(this.destinationRoot())) {
      this.option(spec.flag, {
        type: spec.type === 'number' ? Number : String,
        description: spec.description,
      });
    }
  }

  async prompting(): Promise<void> {
    const interactive = this.options.interactive ?? Boolean(process.stdin.isTTY);
    this.answers = await resolveAnswers(
      'plugin',
      pluginOptions(this.destinationRoot()),
      { flags: this.options, file: {}, stored: {} },
      { defaults: Boolean(this.options.defaults), interactive },
      async (spec, defaultValue, _answers, check) => {
        const answer = await this.prompt<{ value: unknown }>([
          {
            type: 'input',
            name: 'value',
            message: spec.message ?? spec.description,
            default: String(defaultValue),
            validate: (raw: unknown) => check(raw) ?? true,
          },
        ]);
        return answer.value;
      },
    );
  }

  writing(): void {
    const { name, description, service, image, port } = this.answers as Record<string, string>;
    const data = {
      name,
      service,
      image,
      port: Number(port),
      envPrefix: envPrefix(service!),
      apiVersion: PLUGIN_API_VERSION,
      range: hostRange(),
      // Escaped here for the language each template is written in.
      descriptionTs: tsString(description!),
      descriptionMd: markdownText(description!),
    };
    this.fs.writeJSON(this.destinationPath('package.json'), pluginPackageJson(name!, description!));
    this.fs.writeJSON(this.destinationPath('tsconfig.json'), TSCONFIG);
    this.fs.writeJSON(this.destinationPath('tsconfig.build.json'), TSCONFIG_BUILD);
    this.renderTemplate('index.ts.ejs', 'src/index.ts', data);
    this.renderTemplate('plugin.test.ts.ejs', 'test/plugin.test.ts', data);
    this.renderTemplate('README.md.ejs', 'README.md', data);
    // npm drops files named .gitignore from packages, so the template goes without the dot.
    this.renderTemplate('gitignore', '.gitignore', data);
  }

  end(): void {
    this.log(
      `\n${String(this.answers.name)} is ready. Next: npm install, npm test, then edit src/index.ts (docs/plugins.md in generator-data-eng explains the API).`,
    );
  }
}
