import { parseAllDocuments } from 'yaml';
import type { ValueChange } from '../merge/value-diff.js';
import { applyValuesOverlay, valueDiff } from '../merge/value-diff.js';
import type { Environment } from './environments.js';
import type { RenderedFile } from './render-project.js';

/** Where an environment's name stands in the paths of the files made per environment. */
export const ENV_PLACEHOLDER = '<env>';

const isMap = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A file as one document. A YAML stream of Kubernetes manifests becomes a map by kind and name (the environment's
 * name as `<env>`), so two environments' manifests are compared object by object.
 */
function parsed(file: RenderedFile, environment: string): unknown {
  if (file.format === 'json') return JSON.parse(file.content) as unknown;
  if (file.format === 'text') return file.content;
  const documents = parseAllDocuments(file.content).map((doc) => doc.toJS() as unknown);
  if (documents.length === 1) return documents[0];
  return Object.fromEntries(
    documents.map((doc, index) => {
      const { kind, metadata } = (isMap(doc) ? doc : {}) as { kind?: string; metadata?: { name?: string } };
      // A store is named after its environment (<project>-<env>); every other object has the same name in each.
      const name =
        kind === 'SecretStore'
          ? metadata?.name?.replace(new RegExp(`(?<=-)${environment}$`), ENV_PLACEHOLDER)
          : metadata?.name;
      return [kind && name ? `${kind} ${name}` : String(index), doc];
    }),
  );
}

/** The environment's name in the path of a file made for it: the last word before the extension. */
const envInPath = (environment: string): RegExp => new RegExp(`(?<=[-/])${environment}(?=\\.[A-Za-z0-9]+$)`);

/**
 * What one environment renders, file by file, as parsed documents keyed by path with the environment's name as
 * `<env>`: its answers, its configuration layer, and its deployment (compose.yaml for the compose one, the
 * values with its overlay applied for a kubernetes one). Never .env: no value of a secret is compared.
 */
export function environmentDocuments(
  files: readonly RenderedFile[],
  environment: Environment,
): Record<string, unknown> {
  const byPath = new Map(files.map((file) => [file.path, file]));
  const documents: Record<string, unknown> = { [ENV_PLACEHOLDER]: { ...environment, name: undefined } };
  for (const file of files) {
    if (file.environment !== environment.name) continue;
    let value = parsed(file, environment.name);
    const base = file.overlayOf ? byPath.get(file.overlayOf) : undefined;
    if (base) {
      const baseValue = parsed(base, environment.name);
      if (isMap(baseValue) && isMap(value)) value = applyValuesOverlay(baseValue, value);
    }
    documents[file.path.replace(envInPath(environment.name), ENV_PLACEHOLDER)] = value;
  }
  return documents;
}

/** Every key that differs between two environments' renderings: the first path element names the file. */
export function diffEnvironments(
  files: readonly RenderedFile[],
  left: Environment,
  right: Environment,
): ValueChange[] {
  return valueDiff(environmentDocuments(files, left), environmentDocuments(files, right));
}
