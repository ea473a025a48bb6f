import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse, stringify } from 'yaml';
import { projectDir, readJson, readYaml, runGenerator } from '../../__tests__/helpers/run-generator.js';

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

  it('writes the chosen LICENSE, keeps its year on a re-run, and writes none by default', async () => {
    const dir = projectDir();
    await runGenerator(
      'app',
      {
        name: 'licensed',
        license: 'Apache-2.0',
        'copyright-holder': 'Example Corp',
        'copyright-year': '2031',
      },
      dir,
    );
    const first = readFileSync(join(dir, 'LICENSE'), 'utf8');
    expect(first).toMatch(/^Apache License\nVersion 2\.0/);
    expect(first).toContain('Copyright 2031 Example Corp');
    expect(readJson(dir, '.yo-rc.json')['generator-data-eng'].project).toMatchObject({
      license: 'Apache-2.0',
      copyrightHolder: 'Example Corp',
      copyrightYear: 2031,
    });
    await runGenerator('app', {}, dir);
    expect(readFileSync(join(dir, 'LICENSE'), 'utf8')).toBe(first);
    const plain = await runGenerator('app', { name: 'unlicensed' });
    expect(existsSync(join(plain.cwd, 'LICENSE'))).toBe(false);
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

  it("answers the enabled plugins' questions from flags and the answers file, and stores them", async () => {
    const result = await runGenerator('app', {
      name: 'plugin-answers',
      plugins: 'orchestrator-compose,orchestrator-kubernetes',
      'k8s-database': 'chart',
    });
    const config = readJson(result, '.yo-rc.json')['generator-data-eng'];
    expect(config['orchestrator-kubernetes']).toMatchObject({ database: 'chart', executor: 'auto' });
    expect(readYaml(result, 'deploy/helm/values.yaml').postgresql.enabled).toBe(true);

    const dir = projectDir();
    const answers = join(dir, '..', `${basename(dir)}-answers.yaml`);
    writeFileSync(
      answers,
      stringify({
        project: { name: 'from-file' },
        plugins: ['orchestrator-kubernetes'],
        'orchestrator-kubernetes': { registry: 'registry.corp.example.com/data' },
      }),
    );
    const fromFile = await runGenerator('app', { answers }, dir);
    const stored = readJson(fromFile, '.yo-rc.json')['generator-data-eng'];
    expect(stored.plugins).toEqual(['orchestrator-kubernetes']);
    expect(stored['orchestrator-kubernetes'].registry).toBe('registry.corp.example.com/data');
    expect(readYaml(fromFile, 'deploy/helm/values.yaml').images.airflow.repository).toBe(
      'registry.corp.example.com/data/from-file-airflow',
    );
  });

  it('refuses plugin answers it would drop: a flag or a block of a plugin or part not enabled', async () => {
    const dir = projectDir();
    await expect(runGenerator('app', { name: 'dropped', 'k8s-database': 'chart' }, dir)).rejects.toThrow(
      '--k8s-database answers a question of the plugin orchestrator-kubernetes, which this project does not enable; add orchestrator-kubernetes to --plugins, or drop --k8s-database.',
    );
    const answers = join(dir, '..', `${basename(dir)}-blocks.yaml`);
    writeFileSync(
      answers,
      stringify({ project: { name: 'dropped' }, 'orchestrator-dcsm': { runner: 'none' } }),
    );
    await expect(runGenerator('app', { answers }, dir)).rejects.toThrow(
      /answers the plugin orchestrator-dcsm, which this project does not enable; add it to --plugins/,
    );
    writeFileSync(
      answers,
      stringify({ project: { name: 'dropped' }, 'windows-auth': { domain: 'corp.example.com' } }),
    );
    await expect(runGenerator('app', { answers }, dir)).rejects.toThrow(
      /answers windows-auth, which this project does not have; add windows-auth to --components/,
    );
    expect(existsSync(join(dir, '.yo-rc.json'))).toBe(false);
  });

  it('a re-run without a terminal keeps the defaults of a plugin enabled before its answers were stored', async () => {
    const result = await runGenerator('app', { name: 'old-plugins' });
    const file = join(result.cwd, '.yo-rc.json');
    const config = JSON.parse(readFileSync(file, 'utf8'));
    delete config['generator-data-eng']['build-cache'];
    writeFileSync(file, JSON.stringify(config, null, 2));
    await runGenerator('app', { defaults: false }, result.cwd);
    expect(readJson(result, '.yo-rc.json')['generator-data-eng']['build-cache']).toEqual({
      registry: '',
      push: true,
      platform: '',
    });
  });

  it("names a typo in a plugin's block of the answers file", async () => {
    const dir = projectDir();
    const answers = join(dir, '..', `${basename(dir)}-typo.yaml`);
    writeFileSync(
      answers,
      stringify({
        project: { name: 'typo' },
        plugins: ['orchestrator-compose', 'orchestrator-kubernetes'],
        'orchestrator-kubernetes': { datbase: 'chart' },
      }),
    );
    await expect(runGenerator('app', { answers }, dir)).rejects.toThrow(
      `Unknown answer "orchestrator-kubernetes.datbase" in the answers file "${answers}"; did you mean "orchestrator-kubernetes.database"?`,
    );
  });
});
