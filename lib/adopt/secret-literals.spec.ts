import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { adoptedVariable, OwnSecrets, rewriteSecretLiterals, type SecretTargets } from './secret-literals.js';

const TARGETS: SecretTargets = {
  variables: {
    fernet: 'AIRFLOW_FERNET_KEY',
    metadata: 'POSTGRES_PASSWORD',
    data: 'ANALYTICS_DB_PASSWORD',
    admin: 'AIRFLOW_ADMIN_PASSWORD',
  },
  roles: { metadata: 'airflow', data: 'analytics' },
  metadataDatabase: 'airflow',
};
const FERNET = 'RFrMsFL73gQP2uJ2DdWqb9fWCsGeIsRUSkIK_RQ_Ou0=';
const KNOWN = {
  fernet: [FERNET],
  admin: 'admin',
  metadata: 'airflow',
  data: 'postgres',
  postgresHosts: ['postgres'],
};
const rewrite = (path: string, text: string, own = new OwnSecrets(), rewriteUsers = true) =>
  rewriteSecretLiterals(path, text, TARGETS, KNOWN, { rewriteUsers, own });

describe('rewriteSecretLiterals', () => {
  it('puts a reference that replaces a single-quoted value of an env file or script in double quotes, which expand', () => {
    expect(rewrite('config/app.env', "API_TOKEN='tok-123'\n").text).toBe(
      'API_TOKEN="${ADOPTED_CONFIG_APP_API_TOKEN}"\n',
    );
    expect(
      rewrite('scripts/load.sh', "export DB_PASSWORD='s3cr3t-x'\nPGPASSWORD='postgres' psql\n").text,
    ).toBe(
      'export DB_PASSWORD="${ADOPTED_SCRIPTS_LOAD_DB_PASSWORD}"\nPGPASSWORD="${ADOPTED_SCRIPTS_LOAD_PGPASSWORD}" psql\n',
    );
    // Inside a double-quoted string, single quotes are plain characters: the reference expands there as it is.
    expect(rewrite('scripts/show.sh', `echo "export X_PASSWORD='postgres'"\n`).text).toBe(
      `echo "export X_PASSWORD='\${ADOPTED_SCRIPTS_SHOW_X_PASSWORD}'"\n`,
    );
  });

  it("points a conf/ password at .env with an empty default, and gives its mapping that password's role", () => {
    const text =
      '# @package database\nhost: "postgres"  # the service\nuser: "postgres"\npassword: "postgres"\n';
    const out = rewrite('conf/database/postgres_local.yaml', text);
    expect(out.text).toBe(
      '# @package database\nhost: "postgres"  # the service\nuser: "analytics"\npassword: "${oc.env:ANALYTICS_DB_PASSWORD,}"\n',
    );
    expect(out.rewrites).toEqual([
      {
        path: 'conf/database/postgres_local.yaml',
        line: 4,
        secret: 'data',
        variable: 'ANALYTICS_DB_PASSWORD',
      },
    ]);
  });

  it("rewrites the template database URL's user and password by the database it names; a kept copy keeps its user", () => {
    const text = 'conn: "postgresql://postgres:postgres@postgres:5432/airflow"\n';
    expect(rewrite('conf/orchestration/airflow_local.yaml', text).text).toBe(
      'conn: "postgresql://airflow:${oc.env:POSTGRES_PASSWORD,}@postgres:5432/airflow"\n',
    );
    expect(rewrite('old/compose.yaml', text, new OwnSecrets(), false).text).toBe(
      'conn: "postgresql://postgres:${POSTGRES_PASSWORD}@postgres:5432/airflow"\n',
    );
  });

  it("keeps a team's own secret under its own variable with its value, even one that equals a template default elsewhere", () => {
    const own = new OwnSecrets();
    const text = [
      'source:',
      '  user: etl',
      '  password: "src-pass-111"',
      'target:',
      '  password: tgt-pass-222',
      'reporting: postgresql://reporting:postgres@warehouse.corp/dw',
      'admin_password: prod-admin-1',
      'min_password: 8',
      '',
    ].join('\n');
    const out = rewrite('conf/database/warehouse.yaml', text, own);
    expect(out.text.split('\n')).toEqual([
      'source:',
      '  user: etl',
      '  password: "${oc.env:ADOPTED_CONF_DATABASE_WAREHOUSE_PASSWORD,}"',
      'target:',
      '  password: "${oc.env:ADOPTED_CONF_DATABASE_WAREHOUSE_PASSWORD_2,}"',
      'reporting: "postgresql://reporting:${oc.env:ADOPTED_CONF_DATABASE_WAREHOUSE_WAREHOUSE_CORP_URL,}@warehouse.corp/dw"',
      'admin_password: "${oc.env:ADOPTED_CONF_DATABASE_WAREHOUSE_ADMIN_PASSWORD,}"',
      'min_password: 8',
      '',
    ]);
    expect(Object.fromEntries(own.values)).toEqual({
      ADOPTED_CONF_DATABASE_WAREHOUSE_PASSWORD: 'src-pass-111',
      ADOPTED_CONF_DATABASE_WAREHOUSE_PASSWORD_2: 'tgt-pass-222',
      ADOPTED_CONF_DATABASE_WAREHOUSE_WAREHOUSE_CORP_URL: 'postgres',
      ADOPTED_CONF_DATABASE_WAREHOUSE_ADMIN_PASSWORD: 'prod-admin-1',
    });
    expect(adoptedVariable('conf/x-y.yaml', 'db.password')).toBe('ADOPTED_CONF_X_Y_DB_PASSWORD');
  });

  it('reads YAML values whole, whatever their punctuation, anchors or block style', () => {
    const own = new OwnSecrets();
    const text = 'a:\n  password: &pw "p@ss, w#rd}"\n  copy: *pw\n  api_key: >-\n    abc\n    def\n  b: 1\n';
    const out = rewrite('conf/a.yaml', text, own);
    expect(out.text).toBe(
      'a:\n  password: &pw "${oc.env:ADOPTED_CONF_A_PASSWORD,}"\n  copy: *pw\n  api_key: "${oc.env:ADOPTED_CONF_A_API_KEY,}"\n  b: 1\n',
    );
    expect(Object.fromEntries(own.values)).toEqual({
      ADOPTED_CONF_A_PASSWORD: 'p@ss, w#rd}',
      ADOPTED_CONF_A_API_KEY: 'abc def',
    });
  });

  it('spells references as compose does in env files and scripts, and as dbt does under dbt/', () => {
    expect(
      rewrite('.devcontainer/postgres.env', 'POSTGRES_USER=airflow\nPOSTGRES_PASSWORD=airflow\n').text,
    ).toBe('POSTGRES_USER=airflow\nPOSTGRES_PASSWORD=${POSTGRES_PASSWORD}\n');
    expect(rewrite('x.env', 'TOKEN="a b#c" # note\n').text).toBe('TOKEN="${ADOPTED_X_TOKEN}" # note\n');
    expect(rewrite('dbt/profiles-example.yml', 'p:\n  user: airflow\n  password: airflow\n').text).toBe(
      `p:\n  user: airflow\n  password: "{{ env_var('POSTGRES_PASSWORD') }}"\n`,
    );
  });

  it("replaces a shell default, the --password flag, a document's login and the Fernet key wherever it is", () => {
    expect(rewrite('a.sh', 'P=${_AIRFLOW_WWW_USER_PASSWORD:-admin}').text).toBe(
      'P=${_AIRFLOW_WWW_USER_PASSWORD:-${AIRFLOW_ADMIN_PASSWORD}}',
    );
    expect(rewrite('docs/ops.md', '  --password admin \\').text).toBe(
      '  --password "${AIRFLOW_ADMIN_PASSWORD}" \\',
    );
    expect(rewrite('docs/faq.md', '- **Password**: admin').text).toBe(
      '- **Password**: ${AIRFLOW_ADMIN_PASSWORD}',
    );
    expect(rewrite('notes.txt', `key is ${FERNET} here`).text).toBe('key is ${AIRFLOW_FERNET_KEY} here');
  });

  it('leaves prose that only talks about a password alone', () => {
    const text = 'Set the password: see the vault.\nUse --password "$PW" here.\n';
    expect(rewrite('README.md', text)).toEqual({ text, rewrites: [] });
  });

  it("replaces the template's admin login written as a pair in prose, never a path or another login", () => {
    const text = [
      'Open http://localhost:8080 (admin/admin).',
      'curl -u admin:admin http://localhost:8080/api/v2/dags',
      'Log in with admin/admin.',
      'The login is **admin/admin**, or [admin:admin]!',
      'cd admin/admin',
      'See /opt/admin/admin.cfg and docs/admin/admin-guide.md; log in as admin/hunter22.',
      '',
    ].join('\n');
    const out = rewrite('docs/getting-started.md', text);
    expect(out.text.split('\n')).toEqual([
      'Open http://localhost:8080 (admin/${AIRFLOW_ADMIN_PASSWORD}).',
      'curl -u admin:${AIRFLOW_ADMIN_PASSWORD} http://localhost:8080/api/v2/dags',
      'Log in with admin/${AIRFLOW_ADMIN_PASSWORD}.',
      'The login is **admin/${AIRFLOW_ADMIN_PASSWORD}**, or [admin:${AIRFLOW_ADMIN_PASSWORD}]!',
      'cd admin/admin',
      'See /opt/admin/admin.cfg and docs/admin/admin-guide.md; log in as admin/hunter22.',
      '',
    ]);
    expect(out.rewrites.map((r) => [r.line, r.secret])).toEqual([
      [1, 'admin'],
      [2, 'admin'],
      [3, 'admin'],
      [4, 'admin'],
      [4, 'admin'],
    ]);
  });

  it('in Python changes only database URLs and the Fernet key, never code that merely names a password', () => {
    const code = [
      'fernet_key: Optional[str] = Field(None)',
      'engine = create_engine("postgresql+psycopg://admin:admin@postgres:5432/warehouse")',
    ].join('\n');
    expect(rewrite('dags/x.py', code).text.split('\n')).toEqual([
      'fernet_key: Optional[str] = Field(None)',
      'engine = create_engine("postgresql+psycopg://analytics:${ANALYTICS_DB_PASSWORD}@postgres:5432/warehouse")',
    ]);
  });

  it('leaves references, empty values and files with no secret as they are', () => {
    const text = 'a: ${oc.env:X}\npassword: ""\nurl: postgresql://${U}:${P}@h/db\n';
    expect(rewrite('conf/a.yaml', text)).toEqual({ text, rewrites: [] });
    const env = 'POSTGRES_PASSWORD=${POSTGRES_PASSWORD}\nEMPTY_PASSWORD=\n';
    expect(rewrite('a.env', env)).toEqual({ text: env, rewrites: [] });
    expect(rewrite('image.png', 'password: admin').rewrites).toEqual([]);
  });
  it("leaves placeholders of other languages alone: format fields, regex groups, Hydra's ???", () => {
    const yaml = 'password: "{password_encoded}"\ntoken: $1\napi_key: ???\nsecret: "%(secret)s"\n';
    expect(rewrite('conf/a.yaml', yaml)).toEqual({ text: yaml, rewrites: [] });
    const env = 'DB_PASSWORD={db_password}\nAPI_TOKEN=%s\n';
    expect(rewrite('a.env', env)).toEqual({ text: env, rewrites: [] });
  });

  it('finds a secret in JSON wherever its key is on the line, and keeps the file JSON', () => {
    const json = '{"name": "loader", "api_key": "json-key-1", "nested": {"password": "pw-2"}}\n';
    const out = rewrite('config/service.json', json);
    expect(out.rewrites.map((r) => r.variable)).toEqual([
      'ADOPTED_CONFIG_SERVICE_API_KEY',
      'ADOPTED_CONFIG_SERVICE_PASSWORD',
    ]);
    expect(JSON.parse(out.text)).toEqual({
      name: 'loader',
      api_key: '${ADOPTED_CONFIG_SERVICE_API_KEY}',
      nested: { password: '${ADOPTED_CONFIG_SERVICE_PASSWORD}' },
    });
  });

  it('keeps one value under one variable, wherever it appears', () => {
    const own = new OwnSecrets();
    rewrite('conf/warehouse.yaml', 'warehouse:\n  password: wh-S3cret\n', own);
    const script = rewrite('scripts/load.sh', 'WH_PASSWORD=wh-S3cret\n', own);
    expect(script.text).toBe('WH_PASSWORD=${ADOPTED_CONF_WAREHOUSE_PASSWORD}\n');
    expect([...own.values]).toEqual([['ADOPTED_CONF_WAREHOUSE_PASSWORD', 'wh-S3cret']]);
    // Both are a password: nothing to say. A token that equals it may be another credential: it is named.
    expect(own.shared()).toEqual([]);
    rewrite('conf/api.yaml', 'api:\n  api_token: wh-S3cret\n', own);
    expect(own.shared()).toEqual([
      {
        variable: 'ADOPTED_CONF_WAREHOUSE_PASSWORD',
        where: [
          'conf/warehouse.yaml (password)',
          'scripts/load.sh (WH_PASSWORD)',
          'conf/api.yaml (api_token)',
        ],
      },
    ]);
  });

  it('takes a secret that merely holds a $, %s or braces for a literal', () => {
    const own = new OwnSecrets();
    const values = ['$ecretP@ss', 'Xy%s9!kQ', 'ab{c}de', '$uper$ecret'];
    const yaml = values.map((value, i) => `k${i}:\n  password: "${value}"\n`).join('');
    const out = rewrite('conf/own.yaml', yaml, own);
    expect(out.rewrites).toHaveLength(4);
    expect([...own.values.values()]).toEqual(values);
  });

  it("keeps the value compose passes on: a compose file's $$ is one $; elsewhere $$ is what the file holds", () => {
    const own = new OwnSecrets();
    const compose = 'services:\n  etl:\n    environment:\n      ETL_PASSWORD: "pa$$w0rd"\n';
    const out = rewrite('compose.override.yaml', compose, own);
    expect(parse(out.text).services.etl.environment.ETL_PASSWORD).toBe(
      '${ADOPTED_COMPOSE_OVERRIDE_ETL_PASSWORD}',
    );
    // A value .env cannot hold stays as the file spells it.
    const kept = 'services:\n  etl:\n    environment:\n      - "ETL_TOKEN=pa$$w\'rd"\n';
    expect(rewrite('compose.yaml', kept, own).text).toBe(kept);
    rewrite('conf/etl.yaml', 'etl:\n  password: "q$$x-9"\n', own);
    expect(Object.fromEntries(own.values)).toEqual({
      ADOPTED_COMPOSE_OVERRIDE_ETL_PASSWORD: 'pa$w0rd',
      ADOPTED_CONF_ETL_PASSWORD: 'q$$x-9',
    });
  });

  it("takes a template default for the team's value under a key of the team's or for another host", () => {
    const own = new OwnSecrets();
    const yaml = 'warehouse:\n  host: wh.example.com\n  password: postgres\n';
    const out = rewrite('conf/warehouse.yaml', yaml, own);
    expect(out.rewrites.map((r) => [r.secret, r.variable])).toEqual([
      ['other', 'ADOPTED_CONF_WAREHOUSE_PASSWORD'],
    ]);
    const env = rewrite('a.env', 'WAREHOUSE_PASSWORD=airflow\n', own);
    expect(env.text).toBe('WAREHOUSE_PASSWORD=${ADOPTED_A_WAREHOUSE_PASSWORD}\n');
    expect(own.values.get('ADOPTED_CONF_WAREHOUSE_PASSWORD')).toBe('postgres');
    expect(own.values.get('ADOPTED_A_WAREHOUSE_PASSWORD')).toBe('airflow');
  });

  it('leaves a secret .env cannot hold where it is, and records it; a YAML file that does not parse is recorded', () => {
    const own = new OwnSecrets();
    const yaml = 'api_key: "it\'s-a-key"\n';
    expect(rewrite('conf/a.yaml', yaml, own)).toEqual({ text: yaml, rewrites: [] });
    expect(own.unmovable).toEqual([{ path: 'conf/a.yaml', line: 1, key: 'api_key', why: 'value' }]);
    const broken = 'password: [unclosed\n';
    expect(rewrite('conf/b.yaml', broken, own).text).toBe(broken);
    expect(own.unreadable).toEqual(['conf/b.yaml']);
  });

  it('names a secret a Dockerfile bakes into the image or SQL gives a role, and leaves both files as they are', () => {
    const own = new OwnSecrets();
    const dockerfile = [
      'FROM python:3.12',
      'ARG PIP_INDEX_URL',
      'ARG API_TOKEN=tok-8f2k',
      'ENV WAREHOUSE_PASSWORD=wh-S3cret LOG_LEVEL=info',
      'ENV LEGACY_SECRET some value',
      'ENV DB_PASSWORD=${DB_PASSWORD}',
      'ENV LOG_LEVEL=info \\',
      '    ETL_PASSWORD=etl-9x',
      'ENV DATABASE_URL=postgresql://etl:pw-42@db/warehouse',
      'ENV READ_URL=postgresql://etl:${ETL_PASSWORD}@db/warehouse',
      '',
    ].join('\n');
    expect(rewrite('docker/etl.Dockerfile', dockerfile, own)).toEqual({ text: dockerfile, rewrites: [] });
    const sql = [
      "CREATE ROLE etl LOGIN PASSWORD 'etl-Pw-1';",
      "ALTER USER \"report\" WITH PASSWORD 'it''s';",
      "CREATE ROLE app LOGIN PASSWORD :'app_password';",
      'SELECT 1;',
      'CREATE ROLE loader',
      "  LOGIN PASSWORD 'load-Pw-7';",
      "CREATE USER MAPPING FOR etl SERVER wh OPTIONS (user 'etl', password 'fdw-pw');",
      "ALTER ROLE hashed PASSWORD 'SCRAM-SHA-256$4096:abc$def:ghi';",
    ].join('\n');
    expect(rewrite('sql/roles.sql', sql, own)).toEqual({ text: sql, rewrites: [] });
    expect(own.unmovable).toEqual([
      { path: 'docker/etl.Dockerfile', line: 3, key: 'API_TOKEN', why: 'image' },
      { path: 'docker/etl.Dockerfile', line: 4, key: 'WAREHOUSE_PASSWORD', why: 'image' },
      { path: 'docker/etl.Dockerfile', line: 5, key: 'LEGACY_SECRET', why: 'image' },
      { path: 'docker/etl.Dockerfile', line: 7, key: 'ETL_PASSWORD', why: 'image' },
      { path: 'docker/etl.Dockerfile', line: 9, key: 'DATABASE_URL', why: 'image' },
      { path: 'sql/roles.sql', line: 1, key: 'the role etl', why: 'sql' },
      { path: 'sql/roles.sql', line: 2, key: 'the role report', why: 'sql' },
      { path: 'sql/roles.sql', line: 6, key: 'the role loader', why: 'sql' },
      { path: 'sql/roles.sql', line: 7, key: 'the user mapping for etl', why: 'sql' },
    ]);
    expect(own.values.size).toBe(0);
  });
});
