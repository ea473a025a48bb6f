import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parse } from 'yaml';
import { freePort } from '../helpers/ports.js';
import { describeWithServices } from '../helpers/services.js';
import { runGenerator } from '../helpers/run-generator.js';
import { setEnv } from '../helpers/env-file.js';

interface Model {
  name: string;
  layer: string;
  sql: string;
  refs: string[];
}

/**
 * The dbt part's SQL against the real PostgreSQL of the test services. This is NOT dbt (dbt cannot be installed
 * here): the test loads the seeds into the raw schema (every column as text; the bronze models cast), resolves {{ ref() }} and {{ source() }} itself, runs every
 * model in dependency order with the materialisation dbt_project.yml gives its layer, then checks the models'
 * YAML tests (unique, not_null, accepted_values, relationships) with SQL of its own.
 */
describeWithServices('the dbt models, run in order against the real PostgreSQL (not dbt)', (services) => {
  let dir: string;
  const compose = (...args: string[]) =>
    execFileSync('docker', ['compose', ...args], {
      cwd: dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 180_000,
    });
  /** SQL on psql's input, through the project's own scripts/psql.sh. */
  const sql = (input: string) =>
    execFileSync('bash', ['scripts/psql.sh', 'analytics', '-v', 'ON_ERROR_STOP=1', '-tA', '-F', '|'], {
      cwd: dir,
      encoding: 'utf8',
      input,
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: 60_000,
    }).trim();
  const dbtDir = () => join(dir, 'dbt');

  beforeAll(async () => {
    const result = await runGenerator('app', {
      name: `dbt-it-${process.pid}`,
      components: ['postgres', 'airflow', 'dbt'],
      'postgres-port': String(await freePort()),
    });
    dir = result.cwd;
    appendFileSync(join(dir, '.env'), `POSTGRES_IMAGE=${services.postgresImage}\n`);
    compose('up', '--detach', '--wait', '--wait-timeout', '120', 'postgres');
  }, 300_000);

  afterAll(() => {
    if (dir) compose('down', '--volumes', '--remove-orphans');
  });

  it('builds raw, bronze, silver and gold as dbt_project.yml says, and the results are what the docs say', () => {
    const project = parse(readFileSync(join(dbtDir(), 'dbt_project.yml'), 'utf8'));
    const layers = project.models[project.name] as Record<string, Record<string, string>>;
    const rawSchema = project.seeds[project.name]['+schema'] as string;
    const sources = parse(readFileSync(join(dbtDir(), 'models/sources.yml'), 'utf8')).sources as {
      name: string;
      schema: string;
      tables: { name: string }[];
    }[];
    // dbt seed: each CSV into the raw schema (as text; the bronze models cast).
    for (const file of readdirSync(join(dbtDir(), 'seeds'))) {
      const [header, ...rows] = readFileSync(join(dbtDir(), 'seeds', file), 'utf8')
        .trim()
        .split('\n');
      const table = `${rawSchema}.${file.replace(/\.csv$/, '')}`;
      const columns = header!.split(',').map((column) => `${column} text`);
      sql(
        `create schema if not exists ${rawSchema};\ndrop table if exists ${table} cascade;\ncreate table ${table} (${columns.join(', ')});\ncopy ${table} from stdin with (format csv);\n${rows.join('\n')}\n\\.\n`,
      );
    }
    // Every source table is loaded.
    for (const source of sources) {
      for (const table of source.tables)
        expect(sql(`select count(*) > 0 from ${source.schema}.${table.name}`)).toBe('t');
    }
    // The models, their refs, then dependency order.
    const models: Model[] = Object.keys(layers).flatMap((layer) =>
      readdirSync(join(dbtDir(), 'models', layer))
        .filter((file) => file.endsWith('.sql'))
        .map((file) => {
          const text = readFileSync(join(dbtDir(), 'models', layer, file), 'utf8');
          return {
            name: file.replace(/\.sql$/, ''),
            layer,
            sql: text,
            refs: [...text.matchAll(/\{\{\s*ref\('([^']+)'\)\s*\}\}/g)].map((m) => m[1]!),
          };
        }),
    );
    const byName = new Map(models.map((model) => [model.name, model]));
    const order: Model[] = [];
    const visit = (model: Model) => {
      if (order.includes(model)) return;
      for (const ref of model.refs)
        visit(byName.get(ref) ?? expect.fail(`${model.name} refers to unknown ${ref}`));
      order.push(model);
    };
    models.forEach(visit);
    for (const model of order) {
      const resolved = model.sql
        .replace(
          /\{\{\s*ref\('([^']+)'\)\s*\}\}/g,
          (_, ref: string) => `${layers[byName.get(ref)!.layer]!['+schema']}.${ref}`,
        )
        .replace(/\{\{\s*source\('([^']+)',\s*'([^']+)'\)\s*\}\}/g, (_, source: string, table: string) => {
          const declared = sources.find((s) => s.name === source);
          expect(
            declared?.tables.map((t) => t.name),
            `source ${source}.${table}`,
          ).toContain(table);
          return `${declared!.schema}.${table}`;
        });
      expect(resolved, model.name).not.toContain('{{');
      const schema = layers[model.layer]!['+schema']!;
      const kind = layers[model.layer]!['+materialized'] === 'view' ? 'view' : 'table';
      sql(
        `create schema if not exists ${schema};\ncreate ${kind} ${schema}.${model.name} as\n${resolved};\n`,
      );
    }
    expect(order.map((model) => model.name)).toEqual(
      expect.arrayContaining([
        'brz_customers',
        'brz_orders',
        'slv_orders',
        'gld_customer_revenue',
        'gld_daily_revenue',
      ]),
    );
    expect(order.findIndex((m) => m.name === 'slv_orders')).toBeGreaterThan(
      order.findIndex((m) => m.name === 'brz_orders'),
    );

    // The models' YAML tests, as SQL that finds the failing rows.
    let checked = 0;
    for (const layer of Object.keys(layers)) {
      const file = readdirSync(join(dbtDir(), 'models', layer)).find((name) => name.endsWith('.yml'))!;
      const described = parse(readFileSync(join(dbtDir(), 'models', layer, file), 'utf8')).models as {
        name: string;
        columns: { name: string; data_tests: (string | Record<string, any>)[] }[];
      }[];
      for (const model of described) {
        const relation = `${layers[layer]!['+schema']}.${model.name}`;
        for (const column of model.columns) {
          for (const test of column.data_tests) {
            const [kind, args] = typeof test === 'string' ? [test, {}] : Object.entries(test)[0]!;
            const referenced = () => /ref\('([^']+)'\)/.exec(String(args.to))![1]!;
            const failing = {
              unique: () => `select ${column.name} from ${relation} group by 1 having count(*) > 1`,
              not_null: () => `select 1 from ${relation} where ${column.name} is null`,
              accepted_values: () =>
                `select 1 from ${relation} where ${column.name} not in (${(args.values as string[]).map((v) => `'${v}'`).join(', ')})`,
              relationships: () =>
                `select 1 from ${relation} r where not exists (select 1 from ${layers[byName.get(referenced())!.layer]!['+schema']}.${referenced()} p where p.${args.field} = r.${column.name})`,
            }[kind as 'unique']?.();
            expect(failing, `${model.name}.${column.name}: ${kind}`).toBeDefined();
            expect(
              sql(`select count(*) from (${failing}) failing`),
              `${model.name}.${column.name}: ${kind}`,
            ).toBe('0');
            checked += 1;
          }
        }
      }
    }
    // The sources' tests too, on the raw tables the seeds filled.
    for (const source of sources as {
      schema: string;
      tables: { name: string; columns?: { name: string; data_tests: string[] }[] }[];
    }[]) {
      for (const table of source.tables) {
        for (const column of table.columns ?? []) {
          for (const test of column.data_tests) {
            const relation = `${source.schema}.${table.name}`;
            const failing = {
              unique: `select ${column.name} from ${relation} group by 1 having count(*) > 1`,
              not_null: `select 1 from ${relation} where ${column.name} is null`,
            }[test as 'unique'];
            expect(failing, `${relation}.${column.name}: ${test}`).toBeDefined();
            expect(
              sql(`select count(*) from (${failing}) failing`),
              `${relation}.${column.name}: ${test}`,
            ).toBe('0');
            checked += 1;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(12);

    // What docs/dbt.md says gold holds: revenue per customer (refunds count zero, unknown customers left out).
    expect(
      sql(
        'select customer_name, completed_orders, revenue from gold.gld_customer_revenue order by customer_id',
      ).split('\n'),
    ).toEqual([
      'Ada Lovelace|2|155.50',
      'Grace Hopper|1|64.75',
      'Alan Turing|1|210.00',
      'Margaret Hamilton|0|15.25',
    ]);
    expect(sql('select count(*) from silver.slv_orders where customer_id = 9')).toBe('0');
    expect(sql('select customer_email from silver.slv_orders where customer_id = 4')).toBe(
      'margaret@example.com',
    );
    expect(sql('select sum(revenue) from gold.gld_daily_revenue')).toBe('445.50');
    expect(
      sql(
        "select table_schema || '.' || table_name from information_schema.tables where table_schema in ('bronze', 'silver', 'gold') order by 1",
      ).split('\n'),
    ).toEqual([
      'bronze.brz_customers',
      'bronze.brz_orders',
      'gold.gld_customer_revenue',
      'gold.gld_daily_revenue',
      'silver.slv_orders',
    ]);
  });
});

// Dockerfile.airflow with the dbt part, built by `docker compose build` on the STAND-IN for the official Airflow
// image (scripts/images/airflow-standin: no Airflow, and a `uv` that installs nothing). What is checked is the
// image's shape: dbt's own environment beside Airflow's, its install given the package index, the project inside.
describeWithServices('the dbt part in the Airflow image (stand-in base, uv installs nothing)', (services) => {
  let dir: string;
  const name = `dbt-img-${process.pid}`;
  const docker = (args: string[]) =>
    execFileSync('docker', args, {
      cwd: dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 600_000,
      env: { ...process.env, DOCKER_BUILDKIT: '1' },
      maxBuffer: 64 * 1024 * 1024,
    });

  beforeAll(async () => {
    dir = (await runGenerator('app', { name, components: ['postgres', 'airflow', 'dbt'] })).cwd;
    setEnv(dir, {
      AIRFLOW_IMAGE_REPO: services.airflowStandinImage.replace(/:[^:/]+$/, ''),
      PIP_INDEX_URL: 'https://pypi.corp.example.com/simple',
    });
  });

  afterAll(() => {
    spawnSync('docker', ['image', 'rm', '--force', `${name}-airflow:runtime`], { stdio: 'ignore' });
  });

  it('installs dbt into /opt/airflow/dbt-venv with the index, apart from Airflow, and carries dbt/', () => {
    // --no-cache: a cached install step prints nothing, and other builds may have filled the cache.
    const log = docker(['compose', 'build', '--progress', 'plain', '--no-cache', 'airflow-scheduler']);
    // Airflow's install and dbt's each saw the index (the stand-in says so, never the URL).
    expect(log.match(/uv stand-in: UV_INDEX_URL is set/g)).toHaveLength(2);
    const listing = docker([
      'run',
      '--rm',
      '--entrypoint',
      'sh',
      `${name}-airflow:runtime`,
      '-c',
      'test -x /opt/airflow/dbt-venv/bin/python && stat -c "%u %n" /opt/airflow/dbt/dbt_project.yml /opt/airflow/dbt/profiles.yml && cat /opt/airflow/requirements/dbt-requirements.txt',
    ]);
    expect(listing).toContain('50000 /opt/airflow/dbt/dbt_project.yml');
    expect(listing).toContain('50000 /opt/airflow/dbt/profiles.yml');
    expect(listing).toMatch(/^dbt-core==/m);
  });
});
