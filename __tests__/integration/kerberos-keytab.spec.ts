import { afterAll, beforeAll, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testDirectory, testPrefix } from '../helpers/samba.js';
import { windowsAuthProject } from '../helpers/windows-auth-project.js';
import { setEnv } from '../helpers/env-file.js';
import { describeWithServices } from '../helpers/services.js';
import type { CheckResult } from '../../lib/doctor/check.js';
import { KERBEROS_CHECKS } from '../../lib/doctor/checks/kerberos.js';
import { openProject } from '../../lib/project/open-project.js';
import '../../cli/catalog.js';

function run(
  command: string,
  args: string[],
  cwd?: string,
): { status: number; stdout: string; stderr: string } {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 600_000, ...(cwd ? { cwd } : {}) });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/**
 * The keytab mode through docker compose itself: the generated airflow-kerberos service and a scheduler, with
 * only their image swapped for a Debian one with krb5-user (the Airflow image needs Docker Hub) in which a
 * stand-in `airflow kerberos` runs the kinit -k -t that Airflow's ticket renewer runs.
 */
describeWithServices('keytab mode: the airflow-kerberos sidecar shares a service ticket', (services) => {
  const prefix = testPrefix('wt');
  const directory = testDirectory(services, prefix);
  const work = mkdtempSync(join(tmpdir(), 'data-eng-keytab-'));
  const image = `local/data-eng-krb5-sidecar:${prefix}`;
  let project = '';
  let keytab = '';
  const compose = (...args: string[]) =>
    run(
      'docker',
      ['compose', '-p', prefix, '-f', 'compose.yaml', '-f', join(work, 'override.yaml'), ...args],
      project,
    );

  beforeAll(async () => {
    directory.create({ users: ['svc'] });
    const keytabFile = join(work, 'svc.keytab');
    execFileSync(
      'samba-tool',
      ['domain', 'exportkeytab', keytabFile, `--principal=${prefix}-svc`, '-s', services.ad.smbConf],
      {
        stdio: 'pipe',
      },
    );
    keytab = readFileSync(keytabFile).toString('base64');
    project = await windowsAuthProject(services, `${prefix}-kt`, {
      'kerberos-mode': 'keytab',
      'kerberos-principal': directory.principal('svc'),
      'kerberos-kdcs': '127.0.0.1',
    });
    const context = join(work, 'image');
    mkdirSync(context);
    writeFileSync(
      join(context, 'airflow'),
      '#!/bin/sh\nset -eu\n[ "$1" = kerberos ]\nkinit -f -A -k -t "$AIRFLOW__KERBEROS__KEYTAB" -c "$AIRFLOW__KERBEROS__CCACHE" "$AIRFLOW__KERBEROS__PRINCIPAL"\nexec sleep infinity\n',
      { mode: 0o755 },
    );
    writeFileSync(
      join(context, 'Dockerfile'),
      [
        `FROM ${services.baseImage}`,
        'RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends krb5-user && rm -rf /var/lib/apt/lists/*',
        // What the Airflow image must provide: the ticket folder, group 0 writable, so a fresh volume inherits it.
        'RUN install -d -m 2770 -o 50000 -g 0 /opt/airflow/krb5cc',
        'COPY airflow /usr/local/bin/airflow',
      ].join('\n'),
    );
    execFileSync('docker', ['build', '-q', '--label', `io.data-eng.test=${prefix}`, '-t', image, context], {
      stdio: 'pipe',
    });
    writeFileSync(
      join(work, 'override.yaml'),
      [
        'services:',
        '  airflow-kerberos:',
        `    image: ${image}`,
        '    build: !reset null',
        '    network_mode: host',
        '  airflow-scheduler:',
        `    image: ${image}`,
        '    build: !reset null',
        '    network_mode: host',
        '    command: ["sleep", "infinity"]',
        '    healthcheck: !reset null',
      ].join('\n') + '\n',
    );
  });

  afterAll(() => {
    if (project) compose('down', '--volumes', '--remove-orphans');
    run('docker', ['rmi', '-f', image]);
    directory.remove();
    rmSync(work, { recursive: true, force: true });
    if (project) rmSync(project, { recursive: true, force: true });
  });

  it('stops with a plain message while the keytab is missing from .env', () => {
    setEnv(project, { AD_BIND_PASSWORD: 'not-used-here' });
    setEnv(project, { KRB5_KEYTAB_BASE64: '' });
    // The keytab is a secret file compose mounts from .env, so compose accepts the empty value: the sidecar says it.
    const started = compose('run', '--rm', '--no-deps', '-T', 'airflow-kerberos');
    expect(started.status).not.toBe(0);
    expect(started.stderr).toContain(
      'KRB5_KEYTAB_BASE64 is empty in .env: put the output of base64 -w0 YOUR.keytab there',
    );
  });

  it('renews a ticket from the keytab into the shared volume, and the scheduler reads it', async () => {
    setEnv(project, { KRB5_KEYTAB_BASE64: keytab });
    const context = {
      project: await openProject(project),
      env: {},
      signal: new AbortController().signal,
    };
    const results: Record<string, CheckResult> = {};
    for (const check of KERBEROS_CHECKS)
      for (const result of await check.run(context)) results[result.id] = result;
    expect(results['kerberos.ticket']).toMatchObject({ status: 'pass' });
    expect(results['kerberos.ccache-type']!.status).toBe('skip');
    expect(results['kerberos.clock-skew']!.status).toBe('pass');

    const up = compose('up', '-d', '--no-deps', '--wait', '--wait-timeout', '120', 'airflow-kerberos');
    expect(up.status, up.stderr).toBe(0);
    const scheduler = compose('up', '-d', '--no-deps', 'airflow-scheduler');
    expect(scheduler.status, scheduler.stderr).toBe(0);
    const klist = compose('exec', '-T', 'airflow-scheduler', 'klist');
    expect(klist.status, klist.stderr).toBe(0);
    expect(klist.stdout).toContain(`Default principal: ${directory.principal('svc')}`);
    expect(klist.stdout).toContain('Ticket cache: FILE:/opt/airflow/krb5cc/krb5cc');
    // Read-only for everyone but the sidecar.
    expect(compose('exec', '-T', 'airflow-scheduler', 'touch', '/opt/airflow/krb5cc/x').status).not.toBe(0);
  });
});
