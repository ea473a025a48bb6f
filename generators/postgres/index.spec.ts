import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runGenerator } from '../../__tests__/helpers/run-generator.js';

/** A PATH with the tools the scripts use but no docker, as inside the dev container. */
const NO_DOCKER = mkdtempSync(join(tmpdir(), 'no-docker-'));
for (const tool of ['dirname', 'sed', 'grep', 'cat']) symlinkSync(`/usr/bin/${tool}`, join(NO_DOCKER, tool));

function run(dir: string, script: string, args: string[]) {
  return spawnSync('/bin/bash', [join(dir, 'scripts', script), ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { PATH: NO_DOCKER, HOME: process.env.HOME ?? '/tmp' },
  });
}

describe('the helper scripts, before they reach Docker', () => {
  it('psql.sh and airflow.sh say where to run them when docker is not on PATH', async () => {
    const { cwd } = await runGenerator('app', { name: 'helpers' });
    for (const script of ['psql.sh', 'airflow.sh']) {
      const result = run(cwd, script, []);
      expect(result.status, script).toBe(1);
      expect(result.stderr, script).toContain('docker is not on PATH: run this on the host');
    }
  });

  it('psql.sh refuses a misspelt database instead of opening another, and -h shows the usage', async () => {
    const { cwd } = await runGenerator('app', { name: 'helpers-typo' });
    const typo = run(cwd, 'psql.sh', ['metdata']);
    expect(typo.status).toBe(2);
    expect(typo.stderr).toContain('unknown database "metdata": use analytics or metadata');
    const help = run(cwd, 'psql.sh', ['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('scripts/psql.sh metadata');
    const airflowHelp = run(cwd, 'airflow.sh', ['-h']);
    expect(airflowHelp.status).toBe(0);
    expect(airflowHelp.stdout).toContain('airflow dags list');
  });
});
