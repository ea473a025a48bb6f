import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readYaml, runGenerator } from '../helpers/run-generator.js';
import { PYTHON, syntaxProblems } from '../helpers/airflow-syntax.js';

const HOSTILE_TITLE = `O'Brien "ETL" $HOME \${PATH} \`id\` \\back\\slash ünïcødé 数据 🚀 <b>#1</b> % {{ x }} | ]] \u007f\u2028end`;
const HOSTILE_DESCRIPTION = `Line one with "quotes" and $dollars\nline two \\ with 'single' quotes ✓`;
const text = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8');
const python = (dir: string, args: string[], env: Record<string, string> = {}) =>
  execFileSync(PYTHON, args, {
    cwd: dir,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', PYTHONPATH: 'src', ...env },
  });

describe('project-wide files', () => {
  it('static: a hostile title and description leave every YAML, JSON, Python, shell and TOML file parseable', async () => {
    const result = await runGenerator('app', {
      name: 'hostile-flow',
      title: HOSTILE_TITLE,
      description: HOSTILE_DESCRIPTION,
      'auth-manager': 'simple',
    });
    expect(syntaxProblems(result.cwd)).toEqual([]);
    // And the text comes back as written where it is data.
    const conf = readYaml(result, 'conf/config.yaml');
    expect(conf.project).toMatchObject({ title: HOSTILE_TITLE, description: HOSTILE_DESCRIPTION });
    const toml = python(result.cwd, [
      '-c',
      'import json, tomllib; print(json.dumps(tomllib.load(open("pyproject.toml", "rb"))))',
    ]);
    expect(JSON.parse(toml).project.description).toBe(HOSTILE_DESCRIPTION);
    const title = python(result.cwd, [
      '-c',
      'import json, hostile_flow; print(json.dumps(hostile_flow.TITLE))',
    ]);
    expect(JSON.parse(title)).toBe(HOSTILE_TITLE);
    const readme = text(result.cwd, 'README.md');
    expect(readme.split('\n')[0]).toMatch(/^# O'Brien "ETL" \$HOME/);
    expect(readme.split('\n')[0]).not.toContain('<b>');
  });

  it('README draws the services of the Stack as a mermaid diagram and says where the credentials are', async () => {
    const result = await runGenerator('app', { name: 'readme-check' });
    const readme = text(result.cwd, 'README.md');
    const diagram = /```mermaid\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    const services = Object.keys(readYaml(result, 'compose.yaml').services);
    expect(diagram.split('\n')[0]).toBe('flowchart LR');
    for (const name of services) expect(diagram, name).toContain(`  svc_${name.replaceAll('-', '_')}`);
    expect(diagram).toContain('svc_airflow_scheduler -->|completed| svc_airflow_init');
    expect(diagram).toContain('svc_airflow_apiserver -->|healthy| svc_postgres');
    expect(readme).toContain('<http://localhost:8080>');
    expect(readme).toContain('`AIRFLOW_ADMIN_PASSWORD` in `.env`');
    expect(readme).toContain('## Add a Python dependency');
    expect(readme).toContain('`requirements.txt`');
  });

  it('keeps .env ignored by git and docker, and ignores local settings and Airflow runtime files', async () => {
    const result = await runGenerator('app', { name: 'ignores' });
    const gitignore = text(result.cwd, '.gitignore').split('\n');
    const dockerignore = text(result.cwd, '.dockerignore').split('\n');
    expect(gitignore).toEqual(
      expect.arrayContaining(['.env', '!.env.example', 'conf/local/*.yaml', 'logs/']),
    );
    expect(dockerignore).toEqual(expect.arrayContaining(['.env', '.git', 'conf/local/*.yaml']));
    // The build context keeps what Dockerfile.airflow copies.
    for (const kept of ['docker', 'requirements.txt', 'dags', 'src', 'conf'])
      expect(dockerignore).not.toContain(kept);
  });

  it('writes a Makefile whose recipes are tab-indented and call the compose services', async () => {
    const result = await runGenerator('app', { name: 'make-check' });
    const makefile = text(result.cwd, 'Makefile');
    const targets = [...makefile.matchAll(/^([a-z-]+):.*## /gm)].map((match) => match[1]);
    expect(targets).toEqual([
      'help',
      'env',
      'doctor',
      'up',
      'down',
      'ps',
      'logs',
      'build',
      'test',
      'lint',
      'format',
      'smoke',
      'airflow',
      'shell',
      'psql',
    ]);
    for (const line of makefile.split('\n').filter((l) => /^\s+\S/.test(l)))
      expect(line.startsWith('\t'), line).toBe(true);
    expect(makefile).toContain(
      '\t$(COMPOSE) run --rm --no-deps airflow-cli python -m pytest /workspace/tests',
    );
    expect(makefile).toContain('\tbash scripts/psql.sh $(DB)');
    // Which CLI make build and make up go through is checked with make itself (integration/make-verbs).
    const dryRun = spawnSync('make', ['-n', 'test'], { cwd: result.cwd, encoding: 'utf8' });
    if (dryRun.error === undefined) {
      expect(dryRun.status, dryRun.stderr).toBe(0);
      expect(dryRun.stdout).toContain('docker compose run --rm --no-deps airflow-cli python -m pytest');
    }
  });

  it('writes a pre-commit config with ruff, excluding the generator bookkeeping', async () => {
    const result = await runGenerator('app', { name: 'precommit' });
    const config = readYaml(result, '.pre-commit-config.yaml');
    expect(config.exclude).toBe('^\\.data-eng/');
    const ruff = config.repos.find(
      (repo: { repo: string }) => repo.repo === 'https://github.com/astral-sh/ruff-pre-commit',
    );
    expect(ruff.hooks.map((hook: { id: string }) => hook.id)).toEqual(['ruff-check', 'ruff-format']);
    const pyproject = python(result.cwd, [
      '-c',
      'import json, tomllib; print(json.dumps(tomllib.load(open("pyproject.toml", "rb"))))',
    ]);
    expect(JSON.parse(pyproject).tool.ruff['extend-exclude']).toContain('.data-eng');
  });

  it('scripts/make_env.py makes a .env from .env.example with fresh secrets and never touches an existing one', async () => {
    const result = await runGenerator('app', { name: 'make-env' });
    const dir = mkdtempSync(join(tmpdir(), 'make-env-'));
    execFileSync('mkdir', ['-p', join(dir, 'scripts')]);
    copyFileSync(join(result.cwd, 'scripts/make_env.py'), join(dir, 'scripts/make_env.py'));
    copyFileSync(join(result.cwd, '.env.example'), join(dir, '.env.example'));
    python(dir, ['scripts/make_env.py']);
    const env = text(dir, '.env');
    expect(statSync(join(dir, '.env')).mode & 0o777).toBe(0o600);
    const fernet = /^AIRFLOW_FERNET_KEY=(.+)$/m.exec(env)![1]!;
    expect(Buffer.from(fernet, 'base64url')).toHaveLength(32);
    expect(/^AIRFLOW_ADMIN_PASSWORD=([0-9a-f]{48})$/m.test(env)).toBe(true);
    expect(/^POSTGRES_PORT=5432$/m.test(env)).toBe(true);
    python(dir, ['scripts/make_env.py']);
    expect(text(dir, '.env')).toBe(env);
    rmSync(dir, { recursive: true });
  });
});

describe('the generated Python side (run with Debian python3 and PyYAML; no Airflow)', () => {
  it('settings: base, env, local, environment variables and arguments layer as documented', async () => {
    const result = await runGenerator('app', { name: 'settings-check' });
    const out = python(result.cwd, ['tests/test_settings.py']);
    expect(out.trim().split('\n')).toHaveLength(5);
    const cli = python(result.cwd, ['-m', 'settings_check.settings', 'env=prod', 'pipeline.batch_size=5'], {
      APP__ANALYTICS_DB__SCHEMA: 'from_env',
    });
    const merged = parse(cli);
    expect(merged).toMatchObject({
      environment: 'prod',
      analytics_db: { schema: 'from_env' },
      pipeline: { batch_size: 5 },
    });
    const config = readYaml(result, 'conf/config.yaml');
    expect(config.defaults).toEqual(['_self_', { env: 'dev' }, { 'optional local': 'local' }]);
    expect(existsSync(join(result.cwd, 'conf/local/local.yaml.example'))).toBe(true);
  });

  it('airflow_settings.yaml: the analytics connection gets its password from the environment', async () => {
    const result = await runGenerator('app', { name: 'objects-check' });
    const script = [
      'import json, sys',
      'sys.path.insert(0, "docker/airflow")',
      'from pathlib import Path',
      'import load_airflow_settings as loader',
      'print(json.dumps(loader.load(Path("airflow_settings.yaml"), {"ANALYTICS_DB_PASSWORD": "s3cr$t"})))',
    ].join('\n');
    const loaded = JSON.parse(python(result.cwd, ['-c', script]));
    expect(loaded.connections.analytics_db).toMatchObject({
      conn_type: 'postgres',
      password: 's3cr$t',
      login: 'analytics',
    });
    expect(loaded.pools.analytics_db).toEqual({
      slots: 4,
      description: 'Limits concurrent queries on the analytics database',
      include_deferred: false,
    });
    const missing = spawnSync(
      PYTHON,
      ['docker/airflow/load_airflow_settings.py', '--dry-run', 'airflow_settings.yaml'],
      {
        cwd: result.cwd,
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '' },
      },
    );
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('ANALYTICS_DB_PASSWORD is not set');
  });

  it('simple auth manager: the admin password file is written from .env before the api-server starts', async () => {
    const result = await runGenerator('app', { name: 'simple-auth', 'auth-manager': 'simple' });
    const dir = mkdtempSync(join(tmpdir(), 'simple-auth-'));
    const file = join(dir, 'passwords.json');
    python(result.cwd, ['docker/airflow/simple_auth_passwords.py'], {
      AIRFLOW_ADMIN_PASSWORD: 'from-dot-env',
      AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE: file,
    });
    expect(JSON.parse(text(dir, 'passwords.json'))).toEqual({ admin: 'from-dot-env' });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    rmSync(dir, { recursive: true });
    const env = readYaml(result, 'compose.yaml').services['airflow-apiserver'].environment;
    expect(env.AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE).toBe(
      '/opt/airflow/simple_auth_manager_passwords.json.generated',
    );
  });
});
