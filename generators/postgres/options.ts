import type { OptionSpec } from '../../lib/plugins/option-spec.js';
import { DEFAULT_POSTGRES_VERSION, POSTGRES_VERSIONS } from '../../lib/versions.js';

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;
const IDENTIFIER_HINT = 'use lowercase letters, digits and underscores, starting with a letter';

export const POSTGRES_OPTIONS = [
  {
    name: 'version',
    flag: 'postgres-version',
    type: 'string',
    description: 'PostgreSQL major version',
    default: DEFAULT_POSTGRES_VERSION,
    choices: POSTGRES_VERSIONS,
  },
  {
    name: 'port',
    flag: 'postgres-port',
    type: 'number',
    description: 'Host port for PostgreSQL, bound to 127.0.0.1',
    default: 5432,
    min: 1024,
    max: 65535,
    hostPort: true,
  },
  {
    name: 'analyticsDatabase',
    flag: 'analytics-database',
    type: 'string',
    description: 'Name of the analytics database, kept apart from Airflow metadata',
    default: 'analytics',
    pattern: IDENTIFIER,
    patternHint: IDENTIFIER_HINT,
    validate: (value) =>
      value === 'airflow' ? 'the name "airflow" is taken by the metadata database' : undefined,
  },
  {
    name: 'analyticsUser',
    flag: 'analytics-user',
    type: 'string',
    description: 'Role that owns the analytics database',
    default: 'analytics',
    pattern: IDENTIFIER,
    patternHint: IDENTIFIER_HINT,
    validate: (value) => (value === 'airflow' ? 'the role "airflow" owns the metadata database' : undefined),
  },
] as const satisfies readonly OptionSpec[];
