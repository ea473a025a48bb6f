import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DATA_ENG_BIN } from '../helpers/paths.js';
import { helmMerge } from '../helpers/helm-chart.js';

/** The data-eng CLI as a person runs it in the project, with no terminal. */
function dataEng(cwd: string, args: readonly string[]) {
  const result = spawnSync(process.execPath, [DATA_ENG_BIN, ...args], {
    cwd,
    encoding: 'utf8',
    input: '',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const isMap = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The key paths whose values differ, lists as whole values. */
function differingPaths(a: unknown, b: unknown, path = ''): string[] {
  if (isMap(a) && isMap(b))
    return [...new Set([...Object.keys(a), ...Object.keys(b)])].flatMap((key) =>
      differingPaths(a[key], b[key], path ? `${path}.${key}` : key),
    );
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [path];
}

function filesUnder(root: string, dir = root): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name === '.git') return [];
    return statSync(path).isDirectory() ? filesUnder(root, path) : [relative(root, path)];
  });
}

describe('environments: data-eng add environment, env ls and env diff', () => {
  const work = mkdtempSync(join(tmpdir(), 'data-eng-envs-'));
  const project = join(work, 'envs');
  const read = (path: string) => readFileSync(join(project, path), 'utf8');
  const values = (env: string) =>
    helmMerge(
      parse(read('deploy/helm/values.yaml')) as Record<string, unknown>,
      parse(read(`deploy/helm/values-${env}.yaml`)) as Record<string, unknown>,
    );

  beforeAll(() => {
    const created = dataEng(work, ['new', 'envs', '--defaults', '--skip-install']);
    expect(created.status, created.stderr).toBe(0);
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('adds kubernetes environments, enabling the Helm values, each with its overlay and its secrets source', () => {
    const staging = dataEng(project, [
      'add',
      'environment',
      'staging',
      '--replicas',
      '2',
      '--secrets-source',
      'hashicorp-vault',
      '--secrets-store',
      'https://vault.corp.example.com:8200',
    ]);
    expect(staging.status, staging.stderr).toBe(0);
    const prod = dataEng(project, [
      'env',
      'add',
      'prod',
      '--resources',
      'large',
      '--image-tag',
      'v2.0.1',
      '--json',
    ]);
    expect(prod.status, prod.stderr).toBe(0);
    expect(JSON.parse(prod.stdout)).toMatchObject({ environment: 'prod', answers: { target: 'kubernetes' } });
    const config = JSON.parse(read('.yo-rc.json'))['generator-data-eng'];
    expect(Object.keys(config.environments)).toEqual(['dev', 'staging', 'prod']);
    expect(config.plugins).toContain('orchestrator-kubernetes');

    const listed = JSON.parse(dataEng(project, ['env', 'ls', '--json']).stdout);
    expect(listed.environments.map((e: { name: string; target: string }) => [e.name, e.target])).toEqual([
      ['dev', 'compose'],
      ['staging', 'kubernetes'],
      ['prod', 'kubernetes'],
    ]);
    expect(listed.environments[1].files).toEqual([
      'conf/env/staging.yaml',
      'deploy/helm/values-staging.yaml',
      'deploy/helm/external-secrets-staging.yaml',
    ]);
    expect(parse(read('conf/env/staging.yaml'))).toEqual({ environment: 'staging' });
    const readme = read('README.md');
    expect(readme).toContain(
      '| `staging` | Kubernetes (the official Helm chart) | hashicorp-vault: [docs/secrets/hashicorp-vault.md](docs/secrets/hashicorp-vault.md) |',
    );
    expect(readme).toContain('| `dev` | this machine (compose) | `.env` |');
  });

  it("env diff agrees, key by key, with this test's own comparison of the two environments' values", () => {
    const diff = dataEng(project, ['env', 'diff', 'staging', 'prod', '--json']);
    expect(diff.status, diff.stderr).toBe(0);
    const document = JSON.parse(diff.stdout) as {
      left: string;
      right: string;
      changes: { file: string; key: string; left: unknown; right: unknown }[];
    };
    expect([document.left, document.right]).toEqual(['staging', 'prod']);
    expect(document.changes.find((c) => c.key === 'images.airflow.tag')).toMatchObject({
      left: 'runtime',
      right: 'v2.0.1',
    });
    const changes = document.changes;
    const reported = changes
      .filter((change) => change.file === 'deploy/helm/values-<env>.yaml')
      .map((change) => change.key)
      .sort();
    const own = differingPaths(values('staging'), values('prod')).sort();
    expect(reported).toEqual(own);
    // What the two declare differently, and nothing else.
    expect(own).toEqual(
      [
        // staging's two replicas: spread pods, a disruption budget and PgBouncer.
        'apiServer.affinity',
        'apiServer.podDisruptionBudget',
        'apiServer.replicas',
        'apiServer.resources',
        'dagProcessor',
        'defaultAirflowTag',
        'env',
        'images.airflow.tag',
        'pgbouncer',
        'scheduler.affinity',
        'scheduler.podDisruptionBudget',
        'scheduler.replicas',
        'scheduler.resources',
        'triggerer.affinity',
        'triggerer.replicas',
        'triggerer.resources',
      ].sort(),
    );
    const text = dataEng(project, ['env', 'diff', 'staging', 'prod']).stdout;
    expect(text).toContain(
      'deploy/helm/values-<env>.yaml  images.airflow.tag\n    staging: "runtime"\n    prod: "v2.0.1"',
    );
  });

  it('secrets ls --env names where each secret of an environment comes from: the Secrets its source makes', () => {
    const listed = dataEng(project, ['secrets', 'ls', '--env', 'staging', '--json']);
    expect(listed.status, listed.stderr).toBe(0);
    const [staging] = JSON.parse(listed.stdout).environments as {
      name: string;
      secrets: { name: string; source: string; sameAs?: string }[];
    }[];
    expect(staging!.name).toBe('staging');
    const made = read('deploy/helm/external-secrets-staging.yaml')
      .split(/^---$/m)
      .map((doc) => parse(doc) as { kind: string; spec: { target?: { name: string } } })
      .filter((doc) => doc.kind === 'ExternalSecret')
      .map((doc) => doc.spec.target!.name);
    expect(staging!.secrets.map((s) => s.name).sort()).toEqual([...made].sort());
    expect(new Set(staging!.secrets.map((s) => s.source))).toEqual(new Set(['hashicorp-vault']));
    expect(staging!.secrets.find((s) => s.name === 'envs-fernet-key')?.sameAs).toBe('AIRFLOW_FERNET_KEY');
    const local = JSON.parse(dataEng(project, ['secrets', 'ls', '--env', 'dev', '--json']).stdout);
    expect(local.environments).toEqual([]);
    expect(local.secrets.map((s: { source: string }) => s.source)).toContain('.env');
  });

  it("a user's edit of one environment's files survives a re-render of all of them", () => {
    const overlay = read('deploy/helm/values-staging.yaml').replace(
      '\nscheduler:\n',
      '\nscheduler:\n  logGroomerSidecar:\n    enabled: false\n',
    );
    expect(overlay).toContain('logGroomerSidecar');
    writeFileSync(join(project, 'deploy/helm/values-staging.yaml'), overlay);
    writeFileSync(
      join(project, 'conf/env/staging.yaml'),
      `${read('conf/env/staging.yaml')}pipeline:\n  batch_size: 500\n`,
    );
    const added = dataEng(project, ['add', 'environment', 'qa', '--replicas', '2']);
    expect(added.status, added.stderr).toBe(0);
    const staging = parse(read('deploy/helm/values-staging.yaml'));
    expect(staging.scheduler).toMatchObject({ replicas: 2, logGroomerSidecar: { enabled: false } });
    expect(parse(read('conf/env/staging.yaml'))).toEqual({
      environment: 'staging',
      pipeline: { batch_size: 500 },
    });
    expect(parse(read('deploy/helm/values-qa.yaml')).scheduler).toMatchObject({ replicas: 2 });
  });

  it('bad input names the value and the fix, exits 2 and writes nothing', () => {
    const before = read('.yo-rc.json');
    for (const [args, message] of [
      [['add', 'environment', 'Prod'], 'Environment name "Prod" is not usable'],
      [['add', 'environment', 'uat', '--replica', '2'], 'did you mean --replicas?'],
      [['add', 'environment', 'uat', '--secrets-source', 'azure-key-vault'], 'give the vault URL'],
      [['add', 'environment', 'uat', '--target', 'compose'], 'dev and uat both target compose'],
      [['env', 'diff', 'dev', 'stagin'], 'did you mean "staging"?'],
    ] as const) {
      const result = dataEng(project, args);
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stderr).toContain(message);
    }
    expect(read('.yo-rc.json')).toBe(before);
    expect(filesUnder(project).some((path) => path.includes('uat'))).toBe(false);
  });

  it('add environment takes env add options among its words, refuses what it cannot take, and env rm removes one', () => {
    const dry = dataEng(project, ['add', 'environment', 'perf', '--replicas', '3', '--dry-run', '--json']);
    expect(dry.status, dry.stderr).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ environment: 'perf', dryRun: true });
    expect(filesUnder(project).some((path) => path.includes('perf'))).toBe(false);
    const answers = dataEng(project, ['add', 'environment', 'perf', '--answers', 'x.yaml']);
    expect(answers.status).toBe(2);
    expect(answers.stderr).toContain('add environment takes its answers as flags');
    // A part's name as the environment's name is the environment's, not the part's.
    const named = dataEng(project, ['add', 'environment', 'postgres', '--json']);
    expect(named.status, named.stderr).toBe(0);
    expect(read('deploy/helm/values-postgres.yaml')).toContain(
      '-n envs-postgres --create-namespace -f deploy/helm/values.yaml -f deploy/helm/values-postgres.yaml',
    );
    const removed = dataEng(project, ['env', 'rm', 'postgres', '--json']);
    expect(removed.status, removed.stderr).toBe(0);
    expect(filesUnder(project).some((path) => path.includes('postgres.yaml'))).toBe(false);
    expect(Object.keys(JSON.parse(read('.yo-rc.json'))['generator-data-eng'].environments)).not.toContain(
      'postgres',
    );
    const last = dataEng(project, ['env', 'rm', 'dev']);
    expect(last.status).toBe(2);
    expect(last.stderr).toContain('No environment targets compose');
  });

  it('new --answers declares the environments of the file, and refuses a bad one before writing anything', () => {
    const answers = join(work, 'answers.yaml');
    writeFileSync(
      answers,
      'environments:\n  dev: {target: compose}\n  prod: {replicas: 2, secretsSource: aws-secrets-manager, secretsStore: eu-west-1}\n',
    );
    const created = dataEng(work, ['new', 'from-file', '--defaults', '--skip-install', '--answers', answers]);
    expect(created.status, created.stderr).toBe(0);
    const config = JSON.parse(readFileSync(join(work, 'from-file', '.yo-rc.json'), 'utf8'))[
      'generator-data-eng'
    ];
    expect(Object.keys(config.environments)).toEqual(['dev', 'prod']);
    expect(config.plugins).toContain('orchestrator-kubernetes');
    expect(
      parse(readFileSync(join(work, 'from-file', 'deploy/helm/values-prod.yaml'), 'utf8')).scheduler,
    ).toMatchObject({
      replicas: 2,
    });
    writeFileSync(answers, 'environments:\n  prod: {secretsSource: azure-key-vault}\n');
    const refused = dataEng(work, ['new', 'bad-file', '--defaults', '--skip-install', '--answers', answers]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('environments.prod.secretsStore');
    expect(readdirSync(work)).not.toContain('bad-file');
  });

  it('no secret value appears in a rendered file, the record, env diff, env ls, secrets ls or a dry run', () => {
    const env = Object.fromEntries(
      read('.env')
        .split('\n')
        .map((line) => /^([A-Z0-9_]+)=(.*)$/.exec(line))
        .filter((match) => match !== null)
        .map((match) => [match[1]!, match[2]!.replace(/^'|'$/g, '')]),
    );
    const secrets = Object.entries(env)
      .filter(([name]) => /PASSWORD|SECRET|_KEY$/.test(name))
      .map(([, value]) => value)
      .filter((value) => value.length >= 8);
    expect(secrets.length).toBeGreaterThan(2);
    const outputs = [
      dataEng(project, ['env', 'diff', 'dev', 'prod', '--json']).stdout,
      dataEng(project, ['env', 'diff', 'dev', 'staging']).stdout,
      dataEng(project, ['env', 'ls', '--json']).stdout,
      dataEng(project, ['secrets', 'ls', '--json']).stdout,
      dataEng(project, ['add', 'environment', 'perf', '--dry-run', '--json']).stdout,
      ...filesUnder(project)
        .filter((path) => path !== '.env')
        .map(read),
    ];
    for (const output of outputs) for (const value of secrets) expect(output.includes(value)).toBe(false);
  });
});
