import { describe, expect, it } from 'vitest';
import type { Environment } from './environments.js';
import { environmentsOf } from './environments.js';
import { diffEnvironments, environmentDocuments } from './environment-diff.js';
import type { RenderedFile } from './render-project.js';

const environments = environmentsOf({
  plugins: ['orchestrator-kubernetes'],
  environments: { values: {}, metadata: { replicas: 2 } },
}) as [Environment, Environment];

const file = (path: string, content: string, extra: Partial<RenderedFile> = {}): RenderedFile => ({
  path,
  format: 'yaml',
  content,
  owner: 'test',
  ...extra,
});

const files: RenderedFile[] = [
  file('deploy/helm/values.yaml', 'a: 1\nb: {c: 2}\n'),
  file('deploy/helm/values-values.yaml', 'b: {c: 3}\n', {
    environment: 'values',
    overlayOf: 'deploy/helm/values.yaml',
  }),
  file('deploy/helm/values-metadata.yaml', 'a: null\n', {
    environment: 'metadata',
    overlayOf: 'deploy/helm/values.yaml',
  }),
  file(
    'deploy/helm/external-secrets-values.yaml',
    'kind: SecretStore\nmetadata: {name: p-values}\n---\nkind: ExternalSecret\nmetadata: {name: p-metadata}\n',
    { environment: 'values' },
  ),
  file(
    'deploy/helm/external-secrets-metadata.yaml',
    'kind: SecretStore\nmetadata: {name: p-metadata}\n---\nkind: ExternalSecret\nmetadata: {name: p-metadata}\n',
    { environment: 'metadata' },
  ),
];

describe('environment documents', () => {
  it("put <env> only where the environment's name is the file's own word, even when it is a common word", () => {
    expect(Object.keys(environmentDocuments(files, environments[0])).sort()).toEqual([
      '<env>',
      'deploy/helm/external-secrets-<env>.yaml',
      'deploy/helm/values-<env>.yaml',
    ]);
    expect(
      Object.keys(
        environmentDocuments(files, environments[1])['deploy/helm/external-secrets-<env>.yaml'] as object,
      ),
    ).toEqual(['SecretStore p-<env>', 'ExternalSecret p-metadata']);
  });

  it('compares overlays applied over their base, so a removed key and a changed one both show', () => {
    const changes = diffEnvironments(files, environments[0], environments[1]).map((c) => c.path.join('.'));
    expect(changes).toEqual([
      '<env>.replicas',
      // Two replicas put PgBouncer in front by default.
      '<env>.pgbouncer',
      'deploy/helm/values-<env>.yaml.a',
      'deploy/helm/values-<env>.yaml.b.c',
      'deploy/helm/external-secrets-<env>.yaml.SecretStore p-<env>.metadata.name',
    ]);
  });
});
