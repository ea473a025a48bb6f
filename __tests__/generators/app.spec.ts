import { describe, expect, it } from 'vitest';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { readJson, readYaml, runGenerator } from '../helpers/run-generator.js';

describe('yo data-eng (app)', () => {
  it('writes a complete project with --defaults', async () => {
    const result = await runGenerator('app', { name: 'sales-pipeline' });
    const compose = readYaml(result, 'compose.yaml');
    expect(compose.name).toBe('sales-pipeline');
    expect(Object.keys(compose.services)).toEqual(
      expect.arrayContaining([
        'postgres',
        'airflow-init',
        'airflow-apiserver',
        'airflow-scheduler',
        'airflow-dag-processor',
        'airflow-triggerer',
        'workspace',
      ]),
    );
    expect(compose.services.postgres.ports).toEqual(['127.0.0.1:${POSTGRES_PORT:-5432}:5432']);
    expect(readJson(result, '.devcontainer/devcontainer.json').service).toBe('workspace');
    const config = readJson(result, '.yo-rc.json')['generator-data-eng'];
    expect(config.project.name).toBe('sales-pipeline');
    expect(config.postgres.version).toBe('16');
  });

  it('keeps secrets in .env only, mode 0600 and git-ignored', async () => {
    const result = await runGenerator('app', { name: 'secrets-check' });
    const env = readFileSync(join(result.cwd, '.env'), 'utf8');
    const fernet = /AIRFLOW_FERNET_KEY=(\S+)/.exec(env)![1]!;
    expect(statSync(join(result.cwd, '.env')).mode & 0o777).toBe(0o600);
    for (const file of ['compose.yaml', '.yo-rc.json', '.env.example', '.data-eng/rendered.json']) {
      expect(readFileSync(join(result.cwd, file), 'utf8')).not.toContain(fernet);
    }
    expect(readFileSync(join(result.cwd, '.gitignore'), 'utf8').split('\n')).toContain('.env');
    expect(readFileSync(join(result.cwd, '.dockerignore'), 'utf8').split('\n')).toContain('.env');
  });

  it('rejects a bad project name, naming the field and the rule, and writes nothing', async () => {
    await expect(runGenerator('app', { name: 'Bad Name!' })).rejects.toThrow(
      /Invalid project.name \(--name\): "Bad Name!"; use lowercase letters/,
    );
  });

  it('re-run keeps the user edits in compose.yaml, and .env byte for byte but the changed image', async () => {
    const first = await runGenerator('app', { name: 'rerun' });
    const dir = first.cwd;
    const env = readFileSync(join(dir, '.env'));
    const compose = readYaml(dir, 'compose.yaml');
    compose.services.postgres.environment.MY_SETTING = 'kept';
    compose.services.sidecar = { image: 'busybox', command: ['sleep', 'infinity'] };
    writeFileSync(join(dir, 'compose.yaml'), '# my comment\n' + stringify(compose));
    await runGenerator('app', { name: 'rerun', 'postgres-version': '17' }, dir);
    const after = parse(readFileSync(join(dir, 'compose.yaml'), 'utf8'));
    expect(after.services.sidecar).toEqual({ image: 'busybox', command: ['sleep', 'infinity'] });
    expect(after.services.postgres.environment.MY_SETTING).toBe('kept');
    expect(after.services.postgres.image).toBe('${POSTGRES_IMAGE:-postgres:17}');
    expect(readFileSync(join(dir, 'compose.yaml'), 'utf8')).toContain('# my comment');
    // The new version's image reaches .env, where compose reads POSTGRES_IMAGE first; every other byte is kept.
    const before = env.toString('utf8');
    expect(before).toMatch(/^POSTGRES_IMAGE=postgres:\d+$/m);
    expect(readFileSync(join(dir, '.env'), 'utf8')).toBe(
      before.replace(/^POSTGRES_IMAGE=postgres:\d+$/m, 'POSTGRES_IMAGE=postgres:17'),
    );
  });
});
