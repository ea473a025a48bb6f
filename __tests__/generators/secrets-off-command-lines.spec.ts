import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runGenerator } from '../helpers/run-generator.js';

// The generated init script run by bash with a recording `psql` first on PATH: what the recorder sees is what any
// user of the container would see in `ps`.
describe('the PostgreSQL init script keeps the analytics password off command lines', () => {
  it('gives psql the password only through its input, which it expands itself', async () => {
    const result = await runGenerator('app', { name: 'argv' });
    const script = join(result.cwd, 'docker/postgres/initdb/10-analytics.sh');
    const bin = join(result.cwd, 'fake-bin');
    mkdirSync(bin);
    const argvLog = join(result.cwd, 'psql-argv');
    const inputLog = join(result.cwd, 'psql-input');
    writeFileSync(join(bin, 'psql'), `#!/bin/sh\nprintf '%s\\n' "$@" > '${argvLog}'\ncat > '${inputLog}'\n`);
    chmodSync(join(bin, 'psql'), 0o755);
    const secretFile = join(result.cwd, 'analytics_db_password');
    const password = 'Zq7-unique-analytics-pw';
    writeFileSync(secretFile, password);
    const run = spawnSync('bash', [script], {
      encoding: 'utf8',
      env: {
        PATH: `${bin}:${process.env.PATH}`,
        POSTGRES_USER: 'airflow',
        POSTGRES_DB: 'airflow',
        ANALYTICS_USER: 'analytics',
        ANALYTICS_DB: 'analytics',
        ANALYTICS_DB_PASSWORD_FILE: secretFile,
      },
    });
    expect(run.status, run.stderr).toBe(0);
    const argv = readFileSync(argvLog, 'utf8');
    expect(argv).toContain('analytics_user=analytics');
    expect(argv).not.toContain(password);
    // psql sets the variable from the script's environment (the variable's name is in the input, not its value).
    const input = readFileSync(inputLog, 'utf8');
    expect(input).not.toContain(password);
    expect(input).toMatch(/^\\set analytics_password `printf '%s' "\$ANALYTICS_DB_PASSWORD"`$/m);
    expect(input).toContain(`PASSWORD :'analytics_password'`);
  });
});
