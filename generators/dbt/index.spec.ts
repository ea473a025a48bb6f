import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { readYaml, runGenerator } from '../../__tests__/helpers/run-generator.js';
import { parseDotenv } from '../../lib/config/dotenv.js';
import { syntaxProblems } from '../../__tests__/helpers/airflow-syntax.js';

// dbt's own JSON schemas (dbt-labs/dbt-jsonschema, see the folder's SOURCE.md): dbt cannot be installed here.
const schema = (file: string) =>
  JSON.parse(
    readFileSync(
      fileURLToPath(new URL(`../../__tests__/fixtures/dbt-jsonschema/${file}`, import.meta.url)),
      'utf8',
    ),
  ) as Record<string, unknown>;
const ajv = new Ajv({ strict: false, allErrors: true });
const validProject = ajv.compile(schema('dbt_project-latest.json'));
const validProperties = ajv.compile(schema('dbt_yml_files-latest.json'));
const errors = (validate: typeof validProject) =>
  (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);

const PARTS = ['postgres', 'airflow', 'devcontainer', 'dbt'];

describe('yo data-eng with dbt', () => {
  it("writes a dbt project that dbt's published schemas accept", async () => {
    const { cwd } = await runGenerator('app', { name: 'dbt-gen', components: PARTS });
    const project = readYaml(cwd, 'dbt/dbt_project.yml');
    expect(validProject(project), errors(validProject).join('\n')).toBe(true);
    expect(project.name).toBe('dbt_gen');
    expect(project.profile).toBe('dbt_gen');
    expect(project.models.dbt_gen).toMatchObject({
      bronze: { '+schema': 'bronze', '+materialized': 'view' },
      silver: { '+schema': 'silver', '+materialized': 'table' },
      gold: { '+schema': 'gold', '+materialized': 'table' },
    });
    const propertyFiles = [
      'dbt/models/sources.yml',
      'dbt/models/bronze/_bronze.yml',
      'dbt/models/silver/_silver.yml',
      'dbt/models/gold/_gold.yml',
    ];
    for (const file of propertyFiles) {
      expect(validProperties(readYaml(cwd, file)), `${file}\n${errors(validProperties).join('\n')}`).toBe(
        true,
      );
    }
    // Every model has its description and tests, and every SQL file its model entry.
    const described = propertyFiles
      .slice(1)
      .flatMap((file) =>
        (readYaml(cwd, file).models as { name: string; description: string }[]).map((m) => m.name),
      );
    const sql = ['bronze', 'silver', 'gold'].flatMap((layer) =>
      readdirSync(join(cwd, 'dbt/models', layer))
        .filter((file) => file.endsWith('.sql'))
        .map((file) => file.replace(/\.sql$/, '')),
    );
    expect(described.sort()).toEqual(sql.sort());
  });

  it('reads the connection from the environment only: no literal host, user or password in profiles.yml', async () => {
    const { cwd } = await runGenerator('app', { name: 'dbt-env', components: PARTS, 'dbt-threads': '2' });
    const profiles = readYaml(cwd, 'dbt/profiles.yml');
    const output = profiles.dbt_env.outputs[profiles.dbt_env.target];
    expect(output).toMatchObject({ type: 'postgres', threads: 2 });
    for (const key of ['host', 'port', 'user', 'password', 'dbname']) {
      expect(output[key], key).toMatch(/^\{\{ env_var\('DBT_[A-Z]+'(, '5432')?\) (\| as_number )?\}\}$/);
    }
    const env = parseDotenv(readFileSync(join(cwd, '.env'), 'utf8'));
    const dbtFiles = readdirSync(join(cwd, 'dbt'), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => readFileSync(join(entry.parentPath, entry.name), 'utf8'));
    for (const text of [...dbtFiles, readFileSync(join(cwd, 'compose.yaml'), 'utf8')]) {
      expect(text.includes(env.ANALYTICS_DB_PASSWORD!)).toBe(false);
    }
    const compose = readYaml(cwd, 'compose.yaml');
    expect(compose.services['airflow-cli'].environment).toMatchObject({
      DBT_HOST: 'postgres',
      DBT_USER: 'analytics',
      DBT_DBNAME: 'analytics',
      DBT_PASSWORD_FILE: '/run/secrets/analytics_db_password',
    });
    // The task runners see the dbt project, read-only.
    expect(compose.services['airflow-scheduler'].volumes).toContain('./dbt:/opt/airflow/dbt:ro');
  });

  it('installs pinned dbt into its own environment of the image, and runs it from a DAG that compiles', async () => {
    const { cwd } = await runGenerator('app', { name: 'dbt-img', components: PARTS });
    const requirements = readFileSync(join(cwd, 'dbt/requirements.txt'), 'utf8');
    expect(requirements).toMatch(/^dbt-core==\d+\.\d+\.\d+$/m);
    expect(requirements).toMatch(/^dbt-postgres==\d+\.\d+\.\d+$/m);
    // Not in Airflow's requirements: it would have to fit Airflow's constraints.
    expect(readFileSync(join(cwd, 'requirements.txt'), 'utf8')).not.toMatch(/^dbt-/m);
    const dockerfile = readFileSync(join(cwd, 'Dockerfile.airflow'), 'utf8');
    expect(dockerfile).toContain('uv venv /opt/airflow/dbt-venv');
    expect(dockerfile).toContain('uv pip install --python /opt/airflow/dbt-venv/bin/python');
    expect(dockerfile).toContain('COPY --chown=50000:0 dbt/ /opt/airflow/dbt/');
    const dag = readFileSync(join(cwd, 'dags/dbt_medallion.py'), 'utf8');
    expect(dag).toContain('DBT = "/opt/airflow/dbt-venv/bin/dbt"');
    execFileSync('python3', ['-m', 'py_compile', join(cwd, 'dags/dbt_medallion.py')]);
    // Seeds and their source tests first; each layer's tests that reach a later layer wait for it.
    expect(dag).toContain('run_dbt("build", "--select", "path:seeds", "source:raw", *LAYER_SELECTION)');
    expect(dag).toContain('LAYER_SELECTION = ("--indirect-selection", "buildable")');
    expect(dag).toContain('LAYERS = ("bronze", "silver", "gold")');
    expect(dag).toContain('max_active_runs=1');
    expect(dag).toContain('"DBT_SEND_ANONYMOUS_USAGE_STATS": "false"');
    const makefile = readFileSync(join(cwd, 'Makefile'), 'utf8');
    const build = makefile.slice(makefile.indexOf('dbt-build:'), makefile.indexOf('dbt-test:'));
    expect(build.indexOf('--select path:seeds source:raw')).toBeGreaterThan(0);
    expect(build.indexOf('--select path:seeds source:raw')).toBeLessThan(
      build.indexOf('exec /opt/airflow/dbt-venv/bin/dbt build'),
    );
    expect(build).toContain('$(if $(LAYER),--select path:models/$(LAYER),--exclude path:seeds)');
    expect(makefile).toMatch(/^dbt-test: /m);
    expect(readFileSync(join(cwd, '.gitignore'), 'utf8')).toContain('dbt/target/');
    expect(syntaxProblems(cwd)).toEqual([]);
  });

  it('the dev container runs dbt: its extension pointed at the dbt environment, DBT_* and the password file', async () => {
    const { cwd } = await runGenerator('app', { name: 'dbt-dev', components: PARTS });
    const devcontainer = JSON.parse(readFileSync(join(cwd, '.devcontainer/devcontainer.json'), 'utf8'));
    expect(devcontainer.customizations.vscode.extensions).toContain('innoverio.vscode-dbt-power-user');
    expect(devcontainer.customizations.vscode.settings['dbt.dbtPythonPathOverride']).toBe(
      '/opt/airflow/dbt-venv/bin/python',
    );
    const compose = readYaml(cwd, 'compose.yaml');
    const workspace = compose.services.workspace;
    expect(workspace.environment).toMatchObject({
      DBT_HOST: 'postgres',
      DBT_USER: 'analytics',
      DBT_DBNAME: 'analytics',
      DBT_PROFILES_DIR: '/workspace/dbt',
      DBT_PASSWORD_FILE: expect.stringMatching(/^\/run\/secrets\//),
    });
    // The password reaches the workspace as a secret file, never as a value in its environment.
    expect(Object.values(workspace.environment)).not.toContain(
      parseDotenv(readFileSync(join(cwd, '.env'), 'utf8')).ANALYTICS_DB_PASSWORD,
    );
    const secret = String(workspace.environment.DBT_PASSWORD_FILE).split('/').pop();
    expect(workspace.secrets.map((s: { source: string }) => s.source)).toContain(secret);
    // Each shell, and the extension, which reads ~/.bashrc, exports DBT_PASSWORD from that file.
    const home = join(cwd, 'home');
    const run = (script: string) =>
      execFileSync('bash', ['-c', script], {
        cwd,
        encoding: 'utf8',
        env: { PATH: process.env.PATH!, HOME: home, DBT_PASSWORD_FILE: join(cwd, '.password') },
      });
    execFileSync('mkdir', ['-p', home]);
    execFileSync('bash', ['-c', `printf 's3cret' > .password`], { cwd });
    run('bash .devcontainer/post-create.sh >/dev/null; bash .devcontainer/post-create.sh >/dev/null');
    expect(readFileSync(join(home, '.bashrc'), 'utf8').split('\n').filter(Boolean)).toHaveLength(1);
    expect(run('. ~/.bashrc; printf %s "$DBT_PASSWORD"')).toBe('s3cret');
    expect(syntaxProblems(cwd)).toEqual([]);
  });

  it('a project without dbt has none of it', async () => {
    const { cwd } = await runGenerator('app', { name: 'plain-proj' });
    const devcontainer = JSON.parse(readFileSync(join(cwd, '.devcontainer/devcontainer.json'), 'utf8'));
    expect(devcontainer.customizations.vscode.extensions).not.toContain('innoverio.vscode-dbt-power-user');
    expect(devcontainer.customizations.vscode.settings).toBeUndefined();
    expect(readFileSync(join(cwd, '.devcontainer/post-create.sh'), 'utf8')).not.toContain('DBT');
    expect(readFileSync(join(cwd, 'Dockerfile.airflow'), 'utf8')).not.toContain('dbt');
    expect(
      parse(readFileSync(join(cwd, 'compose.yaml'), 'utf8')).services['airflow-cli'].environment.DBT_HOST,
    ).toBeUndefined();
  });
});
