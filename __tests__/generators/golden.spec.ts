import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { caFile } from '../helpers/ca-file.js';
import { REPO_ROOT } from '../helpers/paths.js';
import { runGenerator } from '../helpers/run-generator.js';

/**
 * Every file a project gets, for a spread of answers, fingerprinted: a restructuring of the code must leave
 * them byte for byte as they were. A change meant to alter a generated file updates the fingerprints
 * (UPDATE_GOLDEN=1 npx vitest run --project generators __tests__/generators/golden.spec.ts) in the same commit,
 * which names the change. `.env` holds fresh secrets and is left out.
 */
const GOLDEN = join(REPO_ROOT, '__tests__/fixtures/golden-renderings.json');
const CA = caFile('golden');

const VARIANTS: Record<string, Record<string, unknown>> = {
  defaults: {},
  celery: { executor: 'CeleryExecutor', 'airflow-port': 8081 },
  'simple-auth': { 'auth-manager': 'simple', 'python-version': '3.11' },
  'postgres-only': { components: 'postgres', plugins: 'orchestrator-compose' },
  'no-devcontainer': { components: 'postgres,airflow', 'postgres-version': '15' },
  'windows-auth-host': { components: 'postgres,airflow,devcontainer,windows-auth', 'ad-ca-file': CA },
  'windows-auth-keytab': {
    components: 'postgres,airflow,windows-auth',
    'ad-ca-file': CA,
    'kerberos-mode': 'keytab',
    'kerberos-kdcs': 'dc1.corp.example.com',
    executor: 'CeleryExecutor',
  },
  dcsm: { plugins: 'orchestrator-dcsm,build-cache', 'dcsm-runner': 'none' },
  kubernetes: {
    components: 'postgres,airflow,windows-auth',
    'ad-ca-file': CA,
    plugins: 'orchestrator-compose,orchestrator-kubernetes',
    'k8s-database': 'chart',
  },
};

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((path) => statSync(join(dir, path)).isFile())
    .map((path) => relative(dir, join(dir, path)))
    .filter((path) => path !== '.env')
    .sort();
}

describe('generated files stay byte for byte the same for the same answers', () => {
  it('matches the recorded fingerprints in every variant', { timeout: 120_000 }, async () => {
    const now: Record<string, Record<string, string>> = {};
    for (const [variant, flags] of Object.entries(VARIANTS)) {
      const result = await runGenerator('app', { name: `golden-${variant}`, ...flags });
      now[variant] = Object.fromEntries(
        files(result.cwd).map((path) => [
          path,
          createHash('sha256')
            .update(readFileSync(join(result.cwd, path)))
            .digest('hex')
            .slice(0, 16),
        ]),
      );
    }
    if (process.env.UPDATE_GOLDEN === '1') {
      writeFileSync(GOLDEN, JSON.stringify(now, null, 2) + '\n');
    }
    const recorded = JSON.parse(readFileSync(GOLDEN, 'utf8')) as typeof now;
    const changed = Object.keys({ ...recorded, ...now }).flatMap((variant) =>
      Object.keys({ ...recorded[variant], ...now[variant] })
        .filter((path) => recorded[variant]?.[path] !== now[variant]?.[path])
        .map((path) => `${variant}: ${path}`),
    );
    expect(changed).toEqual([]);
  });
});
