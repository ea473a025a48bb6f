import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_FOLDERS } from '../../lib/project/reserved-names.js';
import { PYTHON } from '../helpers/airflow-syntax.js';
import { caFile } from '../helpers/ca-file.js';
import { projectDir, readJson, readYaml, runGenerator } from '../helpers/run-generator.js';

/**
 * What a data engineer meets the first time, read against the official Airflow image's contract: its
 * entrypoint runs `bash …` and `python …` as given and turns anything else into `airflow <command>`
 * (a leading `airflow` is dropped), so a command that starts with any other program never runs.
 */
const ENTRYPOINT_PASSES = new Set(['bash', 'python', 'airflow']);

describe('first contact: the dev container and the Airflow image entrypoint', () => {
  it('every service built from Dockerfile.airflow has a command the image entrypoint runs as meant', async () => {
    const result = await runGenerator('app', { name: 'entry' });
    const compose = readYaml(result, 'compose.yaml');
    const built = Object.entries(compose.services as Record<string, any>).filter(
      ([, service]) => service.build?.dockerfile === 'Dockerfile.airflow',
    );
    expect(built.map(([name]) => name)).toContain('workspace');
    for (const [name, service] of built) {
      expect(ENTRYPOINT_PASSES.has(service.command[0]), `${name}: ${service.command.join(' ')}`).toBe(true);
    }
  });

  it('the workspace and airflow-cli read the mounted project, not the copies in the image', async () => {
    const result = await runGenerator('app', { name: 'mounted' });
    const compose = readYaml(result, 'compose.yaml');
    for (const name of ['workspace', 'airflow-cli']) {
      expect(compose.services[name].volumes).toContain('.:/workspace');
      expect(compose.services[name].environment).toMatchObject({
        PYTHONPATH: '/workspace/src',
        AIRFLOW__CORE__DAGS_FOLDER: '/workspace/dags',
        AIRFLOW__CORE__PLUGINS_FOLDER: '/workspace/plugins',
      });
    }
  });

  it('devcontainer.json keeps the compose command and forwards no port compose already publishes', async () => {
    const result = await runGenerator('app', { name: 'ports' });
    const devcontainer = readJson(result, '.devcontainer/devcontainer.json');
    expect(devcontainer.overrideCommand).toBe(false);
    const compose = readYaml(result, 'compose.yaml');
    const published = Object.entries(compose.services as Record<string, any>).flatMap(([name, service]) =>
      ((service.ports ?? []) as string[]).map((port) => `${name}:${port.split(':').at(-1)}`),
    );
    expect(published).toEqual(expect.arrayContaining(['airflow-apiserver:8080', 'postgres:5432']));
    expect(devcontainer.forwardPorts).toBeUndefined();
    expect(devcontainer.portsAttributes).toEqual({
      '8080': { label: 'Airflow UI' },
      '5432': { label: 'PostgreSQL' },
    });
  });
});

describe('first contact: project names that would hide a Python module', () => {
  it.each([
    'yaml',
    'airflow',
    'celery',
    'pendulum',
    'logging',
    'test',
    'include',
    'tests',
    'import',
    'class',
  ])('--name %s is refused with another name to use, and nothing is written', async (name) => {
    const dir = projectDir();
    await expect(runGenerator('app', { name }, dir)).rejects.toThrow(
      new RegExp(
        `^Invalid project\\.name \\(--name\\): "${name}"; .*choose another name, e\\.g\\. ${name}-pipelines$`,
      ),
    );
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a project that already has such a name keeps it on a re-run', async () => {
    const dir = projectDir();
    await runGenerator('app', { name: 'kept-name' }, dir);
    const rc = readJson(dir, '.yo-rc.json');
    rc['generator-data-eng'].project.name = 'pendulum';
    writeFileSync(join(dir, '.yo-rc.json'), JSON.stringify(rc, null, 2));
    await runGenerator('app', { defaults: false }, dir);
    expect(readYaml(dir, 'compose.yaml').name).toBe('pendulum');
  });

  it('every top-level folder a project can have is one a name may not take', async () => {
    const dir = projectDir();
    await runGenerator(
      'app',
      {
        name: 'all-folders',
        components: 'postgres,airflow,devcontainer,windows-auth',
        plugins: 'build-cache,orchestrator-compose,orchestrator-kubernetes',
        'ad-ca-file': caFile(),
      },
      dir,
    );
    const folders = readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
      .map((entry) => entry.name);
    expect(folders).toEqual(expect.arrayContaining(['dags', 'include', 'tests', 'deploy', 'certs']));
    for (const folder of folders) expect(PROJECT_FOLDERS).toContain(folder);
  });
});

describe('first contact: credentials in the package index URL stay out of the image', () => {
  it('compose passes PIP_INDEX_URL as the BuildKit secret pip_index_url, not as a build arg', async () => {
    const result = await runGenerator('app', { name: 'index-secret' });
    const compose = readYaml(result, 'compose.yaml');
    expect(compose.secrets.pip_index_url).toEqual({ environment: 'PIP_INDEX_URL' });
    for (const [name, service] of Object.entries(compose.services as Record<string, any>)) {
      // A build secret only: no running container gets the index URL.
      expect(
        (service.secrets ?? []).map((s: any) => s.source),
        name,
      ).not.toContain('pip_index_url');
      if (!service.build) continue;
      expect(service.build.secrets, name).toEqual(['pip_index_url']);
      expect(Object.keys(service.build.args), name).not.toContain('PIP_INDEX_URL');
    }
  });
});

/**
 * Calls to the project's settings in a DAG file, each with whether it runs
 * only inside a @task (at run time) or when the scheduler parses the file.
 */
const PARSE_TIME_SCRIPT = `
import ast, json, sys
tree = ast.parse(open(sys.argv[1]).read())
def is_task(node):
    return any((isinstance(d, ast.Name) and d.id == "task") or (isinstance(d, ast.Attribute) and isinstance(d.value, ast.Name) and d.value.id == "task")
               or (isinstance(d, ast.Call) and is_task_expr(d.func)) for d in node.decorator_list)
def is_task_expr(e):
    return (isinstance(e, ast.Name) and e.id == "task") or (isinstance(e, ast.Attribute) and isinstance(e.value, ast.Name) and e.value.id == "task")
found = []
def walk(node, in_task):
    for child in ast.iter_child_nodes(node):
        inside = in_task or (isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)) and is_task(child))
        if isinstance(child, ast.Call) and isinstance(child.func, ast.Name) and child.func.id == "load_settings":
            found.append({"what": "load_settings()", "line": child.lineno, "atRunTime": inside})
        walk(child, inside)
walk(tree, False)
print(json.dumps(found))
`;

describe('first contact: DAG files do their work when a task runs, not when the scheduler parses them', () => {
  it('reads the project settings only inside tasks', async () => {
    const result = await runGenerator('app', { name: 'parse-time' });
    const dags = readdirSync(join(result.cwd, 'dags')).filter((file) => file.endsWith('.py'));
    expect(dags).toContain('example_analytics_db.py');
    const calls = dags.flatMap((file) =>
      (
        JSON.parse(
          execFileSync(PYTHON, ['-c', PARSE_TIME_SCRIPT, join(result.cwd, 'dags', file)], {
            encoding: 'utf8',
          }),
        ) as { what: string; line: number; atRunTime: boolean }[]
      ).map((call) => ({ file, ...call })),
    );
    expect(calls.length).toBeGreaterThanOrEqual(2);
    expect(calls.filter((call) => !call.atRunTime)).toEqual([]);
  });

  it('the analytics SQL takes the run day as a query parameter, with no Jinja left for a hook to miss', async () => {
    const result = await runGenerator('app', { name: 'sql-params' });
    const sql = readFileSync(join(result.cwd, 'include/sql/daily_summary.sql'), 'utf8');
    expect(sql).toContain('VALUES (%(day)s, 0)');
    expect(sql).not.toContain('{{');
    const dag = readFileSync(join(result.cwd, 'dags/example_analytics_db.py'), 'utf8');
    expect(dag).toContain('parameters={"day": when.date().isoformat()}');
  });
});

describe('first contact: secrets reach containers as files, never as environment variables', () => {
  it('no service of compose.yaml has a secret of the project in its environment; each secret it reads is mounted', async () => {
    const result = await runGenerator('app', {
      name: 'secret-files',
      components: 'postgres,airflow,devcontainer,windows-auth',
      'ad-ca-file': caFile('secret-files'),
      'kerberos-mode': 'keytab',
      'kerberos-kdcs': 'dc1.corp.example.com',
      executor: 'CeleryExecutor',
    });
    await import('../../cli/catalog.js');
    const { openProject } = await import('../../lib/project/open-project.js');
    const secrets = Object.keys((await openProject(result.cwd)).stack.secrets);
    expect(secrets).toEqual(
      expect.arrayContaining(['POSTGRES_PASSWORD', 'AD_BIND_PASSWORD', 'KRB5_KEYTAB_BASE64']),
    );
    const compose = readYaml(result, 'compose.yaml');
    for (const [name, service] of Object.entries(compose.services as Record<string, any>)) {
      const environment = JSON.stringify(service.environment ?? {});
      for (const secret of secrets) expect(environment, `${name} ${secret}`).not.toContain(`\${${secret}`);
      // Every /run/secrets path the service names is a secret it mounts, read by compose from .env.
      for (const [, id] of environment.matchAll(/\/run\/secrets\/([a-z0-9_]+)/g)) {
        expect(service.secrets, `${name} ${id}`).toContainEqual({ source: id, target: `/run/secrets/${id}` });
        expect(secrets.map((secret) => secret.toLowerCase())).toContain(id);
        expect(compose.secrets[id!]).toEqual({ environment: id!.toUpperCase() });
      }
    }
  });
});
