import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectDir, readJson, readYaml, runGenerator } from '../helpers/run-generator.js';

describe('sub-generators alone and composed', () => {
  it('yo data-eng:postgres in an empty folder makes a postgres-only project', async () => {
    const result = await runGenerator('postgres', {
      name: 'db-only',
      'postgres-version': '15',
      'postgres-port': '6000',
    });
    const compose = readYaml(result, 'compose.yaml');
    expect(Object.keys(compose.services)).toEqual(['postgres']);
    expect(compose.services.postgres).toMatchObject({
      image: '${POSTGRES_IMAGE:-postgres:15}',
      ports: ['127.0.0.1:${POSTGRES_PORT:-6000}:5432'],
      volumes: [
        'postgres-data:/var/lib/postgresql/data',
        './docker/postgres/initdb:/docker-entrypoint-initdb.d:ro',
      ],
      healthcheck: { test: ['CMD', 'pg_isready', '-h', '127.0.0.1', '-U', 'airflow', '-d', 'airflow'] },
    });
    expect(compose.volumes['postgres-data']).toBeDefined();
    const stored = readJson(result, '.yo-rc.json')['generator-data-eng'];
    expect(Object.keys(stored).sort()).toEqual(['postgres', 'project']);
    expect(readFileSync(join(result.cwd, '.env'), 'utf8')).toMatch(/^POSTGRES_PASSWORD=[A-Za-z0-9]{32}$/m);
  });

  it('yo data-eng:devcontainer refuses a project without airflow, saying what to add, and writes nothing', async () => {
    const dir = projectDir();
    await runGenerator('postgres', { name: 'no-airflow' }, dir);
    const before = readFileSync(join(dir, 'compose.yaml'), 'utf8');
    await expect(runGenerator('devcontainer', {}, dir)).rejects.toThrow(
      'devcontainer needs airflow; add it with: data-eng add airflow',
    );
    expect(readFileSync(join(dir, 'compose.yaml'), 'utf8')).toBe(before);
  });

  it('adds parts one by one to an existing project and keeps earlier answers', async () => {
    const dir = projectDir();
    await runGenerator('postgres', { name: 'grown', 'postgres-port': '6001' }, dir);
    await runGenerator('airflow', { executor: 'LocalExecutor' }, dir);
    await runGenerator('devcontainer', {}, dir);
    const compose = readYaml(dir, 'compose.yaml');
    expect(compose.services.postgres.ports).toEqual(['127.0.0.1:${POSTGRES_PORT:-6001}:5432']);
    expect(compose.services['airflow-apiserver']).toBeDefined();
    expect(compose.services.workspace.profiles).toEqual(['dev']);
    const devcontainer = readJson(dir, '.devcontainer/devcontainer.json');
    expect(devcontainer).toMatchObject({
      dockerComposeFile: ['../compose.yaml'],
      service: 'workspace',
      workspaceFolder: '/workspace',
    });
    expect(compose.services.workspace.build.target).toBe('development');
  });

  it('replays stored answers: a re-run with no flags reproduces the same files', async () => {
    const dir = projectDir();
    await runGenerator('app', { name: 'replay', 'postgres-version': '17', 'airflow-port': '8181' }, dir);
    const first = readFileSync(join(dir, 'compose.yaml'), 'utf8');
    await runGenerator('app', { defaults: false }, dir);
    expect(readFileSync(join(dir, 'compose.yaml'), 'utf8')).toBe(first);
    expect(readJson(dir, '.yo-rc.json')['generator-data-eng'].postgres.version).toBe('17');
  });
});
