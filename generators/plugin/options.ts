import { basename } from 'node:path';
import type { OptionSpec } from '../../lib/plugins/option-spec.js';
import { PLUGIN_PACKAGE_PATTERN } from '../../lib/plugins/resolve-plugin.js';
import { NAME_PATTERN } from '../../lib/model/schema.js';
import { isComponentName } from '../../lib/project/catalog.js';
import { slugify } from '../../lib/project/project-options.js';

const PREFIX = 'data-eng-plugin-';

/** The package name a folder suggests: the folder's own name if it is one, else data-eng-plugin-<folder>. */
export function defaultPackageName(destination: string): string {
  const folder = basename(destination);
  if (PLUGIN_PACKAGE_PATTERN.test(folder)) return folder;
  return `${PREFIX}${slugify(folder.replace(new RegExp(`^${PREFIX}`), ''))}`;
}

/** The compose service a package name suggests: @acme/data-eng-plugin-minio → minio. */
export function serviceFromName(name: string): string {
  return slugify(name.replace(/^@[^/]+\//, '').replace(PREFIX, ''));
}

/** `yo data-eng:plugin` questions; every one has a flag and a default. */
export function pluginOptions(destination: string) {
  return [
    {
      name: 'name',
      flag: 'name',
      type: 'string',
      description: 'npm package name of the plugin',
      default: defaultPackageName(destination),
      pattern: PLUGIN_PACKAGE_PATTERN,
      patternHint:
        'use data-eng-plugin-<name> or @scope/data-eng-plugin-<name>, in lowercase (e.g. data-eng-plugin-minio)',
    },
    {
      name: 'description',
      flag: 'description',
      type: 'string',
      description: 'One-line description for package.json and data-eng plugins ls',
      default: (answers: Readonly<Record<string, unknown>>) =>
        `Adds ${serviceFromName(String(answers.name))} to generator-data-eng projects.`,
      validate: (value) => (String(value).trim() === '' ? 'give the plugin a description' : undefined),
    },
    {
      name: 'service',
      flag: 'service',
      type: 'string',
      description: 'Name of the compose service the plugin adds',
      default: (answers: Readonly<Record<string, unknown>>) => serviceFromName(String(answers.name)),
      pattern: NAME_PATTERN,
      patternHint: 'use lowercase letters, digits and hyphens, starting with a letter (e.g. minio)',
      validate: (value) =>
        isComponentName(String(value)) || String(value).startsWith('airflow')
          ? 'a built-in component already uses that name; choose another'
          : undefined,
    },
    {
      name: 'image',
      flag: 'image',
      type: 'string',
      description: 'Default image of the service; users can override it in .env for an internal registry',
      default: (answers: Readonly<Record<string, unknown>>) => `${String(answers.service)}:latest`,
      pattern: /^[a-z0-9][a-z0-9._\-/:@]*$/,
      patternHint: 'use an image reference such as minio/minio:latest',
    },
    {
      name: 'port',
      flag: 'port',
      type: 'number',
      description: 'Port the service listens on inside its container (also its default host port)',
      // Not 8080: that is the Airflow UI's host port, and a default that collides would be refused.
      default: 9000,
      min: 1,
      max: 65535,
    },
  ] as const satisfies readonly OptionSpec[];
}
