import { describe, expect, it } from 'vitest';
import type { ProjectConfig } from '../config/project-config.js';
import { declareEnvironment, environmentProblems, environmentsOf, localEnvironment } from './environments.js';

const K8S = ['orchestrator-compose', 'orchestrator-kubernetes'];

describe('environmentsOf', () => {
  it('a project that declares none has dev on compose, with every default', () => {
    const [dev, ...rest] = environmentsOf({ project: { name: 'p' } });
    expect(rest).toEqual([]);
    expect(dev).toMatchObject({ name: 'dev', target: 'compose', replicas: 1, secretsSource: 'manual' });
  });

  it('reads environments in their declared order, a new one on kubernetes by default', () => {
    const config = {
      plugins: K8S,
      environments: { dev: { target: 'compose' }, staging: {}, prod: { replicas: 3 } },
    } as ProjectConfig;
    const environments = environmentsOf(config);
    expect(environments.map((e) => [e.name, e.target, e.replicas])).toEqual([
      ['dev', 'compose', 1],
      ['staging', 'kubernetes', 1],
      ['prod', 'kubernetes', 3],
    ]);
    expect(localEnvironment(environments).name).toBe('dev');
  });

  it('refuses two compose environments, naming both and the fix', () => {
    expect(() =>
      environmentsOf({
        environments: { dev: { target: 'compose' }, test: { target: 'compose' } },
      } as ProjectConfig),
    ).toThrow('Environments dev and test both target compose');
  });

  it('refuses a kubernetes environment without orchestrator-kubernetes, naming the command', () => {
    expect(() => environmentsOf({ environments: { prod: {} } } as ProjectConfig)).toThrow(
      'data-eng plugins add orchestrator-kubernetes',
    );
  });
});

describe('environmentProblems', () => {
  it('a vault needs its store, in the form the vault takes', () => {
    expect(environmentProblems('prod', { secretsSource: 'azure-key-vault' })).toEqual([
      'Invalid environments.prod.secretsStore (--secrets-store): ""; give the vault URL, e.g. https://corp-airflow-prod.vault.azure.net',
    ]);
    expect(
      environmentProblems('prod', { secretsSource: 'aws-secrets-manager', secretsStore: 'eu-west-1' }),
    ).toEqual([]);
  });

  it("the secrets backend is opt-in and reads the environment's vault; another is refused", () => {
    const config = {
      plugins: K8S,
      environments: {
        dev: { target: 'compose' },
        prod: { secretsSource: 'aws-secrets-manager', secretsStore: 'eu-west-1' },
        qa: {
          secretsSource: 'aws-secrets-manager',
          secretsStore: 'eu-west-1',
          secretsBackend: 'aws-secrets-manager',
        },
      },
    } as ProjectConfig;
    expect(environmentsOf(config).map((e) => e.secretsBackend)).toEqual([
      'none',
      'none',
      'aws-secrets-manager',
    ]);
    expect(environmentProblems('test', { secretsBackend: 'hashicorp-vault' })[0]).toContain(
      'the backend reads the vault of --secrets-source, which is manual',
    );
  });

  it('compose takes no cluster overrides, and an unknown key is named', () => {
    expect(environmentProblems('dev', { target: 'compose', replicas: 2 })[0]).toContain(
      'compose runs one of each service',
    );
    expect(environmentProblems('dev', { target: 'compose', replica: 2 })[0]).toContain(
      'Unknown answer "environments.dev.replica"',
    );
    expect(environmentProblems('Prod', {})[0]).toContain('Environment name "Prod" is not usable');
  });
});

describe('declareEnvironment', () => {
  it('a new environment left to its default target (kubernetes) enables the plugin that renders it', () => {
    const { config, enabled } = declareEnvironment({ plugins: ['orchestrator-compose'] }, 'prod', {
      replicas: 2,
    });
    expect(enabled).toEqual(['orchestrator-kubernetes']);
    expect(config.plugins).toEqual(['orchestrator-compose', 'orchestrator-kubernetes']);
    expect(Object.keys(config.environments as object)).toEqual(['dev', 'prod']);
  });

  it('refuses a set that cannot be, without pointing at .yo-rc.json', () => {
    expect(() => declareEnvironment({}, 'local', { target: 'compose' })).toThrow(
      /^Environments dev and local both target compose, which runs one stack per machine from \.env; give all but one "target": "kubernetes"\.$/,
    );
  });
});

describe('bad environments the review found', () => {
  it('refuses a set with no compose environment while orchestrator-compose runs the local stack', () => {
    expect(() =>
      environmentsOf({
        plugins: ['orchestrator-compose', 'orchestrator-kubernetes'],
        environments: { dev: {} },
      }),
    ).toThrow('No environment targets compose, which orchestrator-compose runs on this machine');
  });

  it('refuses a name ending in a hyphen, and a Vault URL that carries credentials', () => {
    expect(environmentProblems('prod-', {})[0]).toContain('Environment name "prod-" is not usable');
    expect(
      environmentProblems('prod', {
        secretsSource: 'hashicorp-vault',
        secretsStore: 'https://root:token@vault.corp.example.com:8200',
      })[0],
    ).toContain('give the Vault server URL');
  });

  it('stores only what differs from the defaults, so a default that follows another answer keeps following it', () => {
    const { config } = declareEnvironment({ plugins: K8S }, 'prod', {
      target: 'kubernetes',
      executor: 'project',
      replicas: 1,
      resources: 'chart',
      registry: '',
      imageTag: '',
      configLayer: '',
      secretsSource: 'manual',
      secretsStore: 'https://left.over.example.com',
      secretsBackend: 'none',
    });
    expect((config.environments as Record<string, unknown>).prod).toEqual({ target: 'kubernetes' });
  });
});

describe('the connection budget of an environment', () => {
  it('refuses replicas whose connections do not fit without PgBouncer, naming the numbers', () => {
    expect(environmentProblems('prod', { replicas: 3, pgbouncer: false })[0]).toContain(
      '10 Airflow processes × 15 connections = 150, more than the 97 PostgreSQL accepts',
    );
    expect(environmentProblems('prod', { replicas: 3 })).toEqual([]);
    expect(
      environmentProblems('prod', { replicas: 3, pgbouncer: false, databaseMaxConnections: 500 }),
    ).toEqual([]);
  });
});
