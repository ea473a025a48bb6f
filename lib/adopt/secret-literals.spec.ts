import { describe, expect, it } from 'vitest';
import { adoptedVariable, rewriteSecretLiterals, type SecretTargets } from './secret-literals.js';

const TARGETS: SecretTargets = {
  variables: {
    fernet: 'AIRFLOW_FERNET_KEY',
    metadata: 'POSTGRES_PASSWORD',
    data: 'ANALYTICS_DB_PASSWORD',
    admin: 'AIRFLOW_ADMIN_PASSWORD',
    session: 'AIRFLOW_API_SECRET_KEY',
  },
  roles: { metadata: 'airflow', data: 'analytics' },
  metadataDatabase: 'airflow',
};
const FERNET = 'RFrMsFL73gQP2uJ2DdWqb9fWCsGeIsRUSkIK_RQ_Ou0=';
const KNOWN = { fernet: FERNET, admin: 'admin', metadata: 'airflow', data: 'postgres' };
const rewrite = (path: string, text: string) => rewriteSecretLiterals(path, text, TARGETS, KNOWN);

describe('rewriteSecretLiterals', () => {
  it('points a conf/ password at .env with an empty default, and gives its mapping the role that password belongs to', () => {
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

  it("rewrites a database URL's user and password by the database it names", () => {
    const out = rewrite(
      'conf/orchestration/airflow_local.yaml',
      'conn: "postgresql://postgres:postgres@postgres:5432/airflow"\n',
    );
    expect(out.text).toBe(
      'conn: "postgresql://airflow:${oc.env:POSTGRES_PASSWORD,}@postgres:5432/airflow"\n',
    );
  });

  it('spells references as compose does in env files and compose files, and as dbt does under dbt/', () => {
    expect(
      rewrite('.devcontainer/postgres.env', 'POSTGRES_USER=airflow\nPOSTGRES_PASSWORD=airflow\n').text,
    ).toBe('POSTGRES_USER=airflow\nPOSTGRES_PASSWORD=${POSTGRES_PASSWORD}\n');
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

  it("keeps a team's own secret under its own variable, with its value for .env", () => {
    const out = rewrite('conf/database/warehouse.yaml', 'user: etl\npassword: "s3cret"\n');
    expect(out.text).toBe('user: etl\npassword: "${oc.env:ADOPTED_CONF_DATABASE_WAREHOUSE_PASSWORD,}"\n');
    expect(out.rewrites).toEqual([
      {
        path: 'conf/database/warehouse.yaml',
        line: 2,
        secret: 'other',
        variable: 'ADOPTED_CONF_DATABASE_WAREHOUSE_PASSWORD',
        value: 's3cret',
      },
    ]);
    expect(adoptedVariable('conf/x-y.yaml', 'db.password')).toBe('ADOPTED_CONF_X_Y_DB_PASSWORD');
  });

  it('in Python changes only database URLs and the Fernet key, never code that merely names a password', () => {
    const code = [
      'fernet_key: Optional[str] = Field(None)',
      'engine = create_engine("postgresql+psycopg://admin:admin@postgres:5432/warehouse")',
    ].join('\n');
    const out = rewrite('dags/x.py', code);
    expect(out.text.split('\n')).toEqual([
      'fernet_key: Optional[str] = Field(None)',
      'engine = create_engine("postgresql+psycopg://analytics:${ANALYTICS_DB_PASSWORD}@postgres:5432/warehouse")',
    ]);
  });

  it('leaves references, empty values and files with no secret as they are', () => {
    const text =
      'a: ${oc.env:X}\npassword: ""\nurl: postgresql://${U}:${P}@h/db\nPOSTGRES_PASSWORD=${POSTGRES_PASSWORD}\n';
    expect(rewrite('conf/a.yaml', text)).toEqual({ text, rewrites: [] });
    expect(rewrite('image.png', 'password: admin').rewrites).toEqual([]);
  });
});
