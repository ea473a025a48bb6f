import { afterAll, beforeAll, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { testDirectory, testPrefix } from '../helpers/samba.js';
import { windowsAuthProject } from '../helpers/windows-auth-project.js';
import { setEnv } from '../helpers/env-file.js';
import { describeWithServices } from '../helpers/services.js';
import type { CheckResult } from '../../lib/doctor/check.js';
import { KERBEROS_CHECKS } from '../../lib/doctor/checks/kerberos.js';
import { openProject } from '../../lib/project/open-project.js';
import '../../cli/catalog.js';

function docker(
  args: string[],
  options: { allowFailure?: boolean } = {},
): { status: number; stdout: string; stderr: string } {
  const result = spawnSync('docker', args, { encoding: 'utf8', timeout: 600_000 });
  if (result.status !== 0 && !options.allowFailure) {
    throw new Error(`docker ${args.join(' ')} failed: ${result.stderr}`);
  }
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** "Valid starting" and "Expires" of the TGT, as MIT's klist prints them in UTC (MM/DD/YY HH:MM:SS). */
function klistTimes(output: string): { start: string; expires: string } {
  const match = /^(\d\d\/\d\d\/\d\d \d\d:\d\d:\d\d)\s+(\d\d\/\d\d\/\d\d \d\d:\d\d:\d\d)\s+krbtgt\//m.exec(
    output,
  );
  if (!match) throw new Error(`klist printed no TGT:\n${output}`);
  return { start: match[1]!, expires: match[2]! };
}

/** klist's MM/DD/YY HH:MM:SS (UTC) as the doctor writes it: YYYY-MM-DD HH:MM:SS UTC. */
function asDoctorStamp(klist: string): string {
  const [date, time] = klist.split(' ');
  const [month, day, year] = date!.split('/');
  return `20${year}-${month}-${day} ${time} UTC`;
}

describeWithServices('Kerberos tickets from the host, shared with containers', (services) => {
  const prefix = testPrefix('wk');
  const directory = testDirectory(services, prefix);
  const principal = `${prefix}-alice@${services.ad.realm}`;
  const work = mkdtempSync(join(tmpdir(), 'data-eng-krb-'));
  const ticketDir = join(work, 'tickets');
  const image = `local/data-eng-krb5-client:${prefix}`;
  const containers: string[] = [];
  let project = '';
  let krb5Conf = '';
  const ccname = `FILE:${ticketDir}/krb5cc`;

  const kinit = (): void => {
    execFileSync('kinit', [principal], {
      input: `${directory.password}\n`,
      env: { ...process.env, KRB5_CONFIG: krb5Conf, KRB5CCNAME: ccname },
      stdio: 'pipe',
    });
  };
  const hostKlist = (): string =>
    execFileSync('klist', ['-c', ccname], {
      encoding: 'utf8',
      env: { ...process.env, TZ: 'UTC', KRB5_CONFIG: krb5Conf },
    });
  const doctor = async (env: NodeJS.ProcessEnv): Promise<Record<string, CheckResult>> => {
    const context = {
      project: await openProject(project),
      env,
      signal: new AbortController().signal,
    };
    const results: CheckResult[] = [];
    for (const check of KERBEROS_CHECKS) results.push(...(await check.run(context)));
    return Object.fromEntries(results.map((result) => [result.id, result]));
  };

  beforeAll(async () => {
    directory.create({ users: ['alice'] });
    mkdirSync(ticketDir, { mode: 0o700 });
    project = await windowsAuthProject(services, `${prefix}-krb`, {
      'kerberos-mode': 'host',
      'kerberos-ticket-dir': ticketDir,
      'kerberos-kdcs': '127.0.0.1',
    });
    krb5Conf = join(project, 'docker/windows-auth/krb5.conf');
    const context = join(work, 'image');
    mkdirSync(context);
    writeFileSync(
      join(context, 'Dockerfile'),
      `FROM ${services.baseImage}\nRUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends krb5-user && rm -rf /var/lib/apt/lists/*\n`,
    );
    docker(['build', '-q', '--label', `io.data-eng.test=${prefix}`, '-t', image, context]);
  });

  afterAll(() => {
    for (const name of containers) docker(['rm', '-f', name], { allowFailure: true });
    docker(['rmi', '-f', image], { allowFailure: true });
    directory.remove();
    rmSync(work, { recursive: true, force: true });
    if (project) rmSync(project, { recursive: true, force: true });
  });

  it('real kinit gives a FILE cache that doctor reports with its principal, expiry and renew-until', async () => {
    kinit();
    const times = klistTimes(hostKlist());
    const results = await doctor({ KRB5CCNAME: ccname, KRB5_CONFIG: krb5Conf });
    expect(results['kerberos.ccache-type']!.status).toBe('pass');
    expect(results['kerberos.ticket']).toMatchObject({ status: 'pass' });
    expect(results['kerberos.ticket']!.detail).toContain(
      `${principal}, expires ${asDoctorStamp(times.expires)}`,
    );
    expect(results['kerberos.ticket']!.detail).toMatch(/renewable until \d{4}-\d\d-\d\d/);
    expect(results['kerberos.realm']!.status).toBe('pass');
    expect(results['kerberos.mount']!.status).toBe('pass');
    expect(results['kerberos.clock-skew']!.status).toBe('pass');
    expect(results['kerberos.clock-skew']!.detail).toMatch(
      /the KDC 127\.0\.0\.1:88 is \d+\.\d s (ahead of|behind) this machine/,
    );

    setEnv(project, { AIRFLOW_UID: '50000' });
    const mismatch = (await doctor({ KRB5CCNAME: ccname }))['kerberos.cache-readable']!;
    expect(mismatch).toMatchObject({
      status: 'fail',
      fix: `set AIRFLOW_UID=${process.getuid!()} in .env (your id -u), then data-eng up again`,
    });
    setEnv(project, { AIRFLOW_UID: String(process.getuid!()) });
    expect((await doctor({ KRB5CCNAME: ccname }))['kerberos.cache-readable']!.status).toBe('pass');
  });

  it('reports a KEYRING cache as not shareable, and says how to switch', async () => {
    const keyring = (await doctor({ KRB5CCNAME: 'KEYRING:persistent:1000' }))['kerberos.ccache-type']!;
    expect(keyring.status).toBe('fail');
    expect(keyring.detail).toBe('KEYRING:persistent:1000 (from KRB5CCNAME) is not shareable with containers');
    expect(keyring.fix).toContain(`export KRB5CCNAME=FILE:${ticketDir}/krb5cc`);
    const conf = join(work, 'keyring-krb5.conf');
    writeFileSync(conf, '[libdefaults]\n    default_ccache_name = KEYRING:persistent:%{uid}\n');
    const fromConf = (await doctor({ KRB5_CONFIG: conf }))['kerberos.ccache-type']!;
    expect(fromConf.detail).toBe(
      `KEYRING:persistent:${process.getuid!()} (from default_ccache_name in krb5.conf) is not shareable with containers`,
    );
  });

  it('flags a compose.yaml that mounts the cache file instead of its folder', async () => {
    const file = join(project, 'compose.yaml');
    const original = readFileSync(file, 'utf8');
    const compose = parse(original);
    compose.services['airflow-scheduler'].volumes = compose.services['airflow-scheduler'].volumes.map(
      (volume: string) =>
        volume.startsWith(`${ticketDir}:`) ? `${ticketDir}/krb5cc:/opt/airflow/krb5cc/krb5cc:ro` : volume,
    );
    writeFileSync(file, stringify(compose));
    try {
      const mount = (await doctor({ KRB5CCNAME: ccname }))['kerberos.mount']!;
      expect(mount.status).toBe('fail');
      expect(mount.detail).toContain('airflow-scheduler mounts the cache file');
    } finally {
      writeFileSync(file, original);
    }
  });

  it('a container with the generated mount and env keeps reading the ticket after the host runs kinit again', () => {
    const scheduler = parse(readFileSync(join(project, 'compose.yaml'), 'utf8')).services[
      'airflow-scheduler'
    ];
    const env = ['KRB5CCNAME', 'KRB5_CONFIG'].flatMap((key) => [
      '-e',
      `${key}=${scheduler.environment[key]}`,
    ]);
    const mounts = (scheduler.volumes as string[])
      .filter((volume) => /:\/opt\/(airflow\/krb5cc|data-eng\/windows-auth)(:|$)/.test(volume))
      .flatMap((volume) => {
        const [source, ...rest] = volume.split(':');
        return ['-v', [isAbsolute(source!) ? source : resolve(project, source!), ...rest].join(':')];
      });
    expect(mounts).toHaveLength(4);
    const run = (name: string, user: string, volumes: string[]): void => {
      containers.push(name);
      docker([
        'run',
        '-d',
        '--name',
        name,
        '--label',
        `io.data-eng.test=${prefix}`,
        '--user',
        user,
        ...env,
        ...volumes,
        image,
        'sleep',
        'infinity',
      ]);
    };
    const folder = `${prefix}-folder`;
    const file = `${prefix}-file`;
    run(folder, `${process.getuid!()}:0`, mounts);
    // The mistake the design avoids: mounting the cache file itself.
    run(file, `${process.getuid!()}:0`, ['-v', `${ticketDir}/krb5cc:/opt/airflow/krb5cc/krb5cc:ro`]);
    const klistIn = (name: string) => docker(['exec', '-e', 'TZ=UTC', name, 'klist'], { allowFailure: true });
    expect(docker(['exec', folder, 'klist', '-s']).status).toBe(0);
    const before = klistTimes(klistIn(folder).stdout).start;

    execFileSync('sleep', ['1.2']);
    kinit();
    const renewed = klistTimes(hostKlist()).start;
    expect(renewed).not.toBe(before);
    expect(docker(['exec', folder, 'klist', '-s']).status).toBe(0);
    expect(klistTimes(klistIn(folder).stdout).start).toBe(renewed);
    expect(klistTimes(klistIn(file).stdout).start).toBe(before);

    // The renewal helper renews in place, and the container follows.
    const renew = spawnSync('bash', [join(project, 'scripts/krb5-renew.sh')], {
      encoding: 'utf8',
      env: { ...process.env, TZ: 'UTC', KRB5_CONFIG: krb5Conf },
    });
    expect(renew.stderr).toBe('');
    expect(renew.stdout).toContain(`Renewed the ticket in ${ccname}`);
    expect(docker(['exec', folder, 'klist', '-s']).status).toBe(0);

    // Another uid than the cache's owner cannot read the 0600 file: why AIRFLOW_UID must be yours.
    const stranger = `${prefix}-uid`;
    run(stranger, '54321:0', mounts);
    expect(docker(['exec', stranger, 'klist', '-s'], { allowFailure: true }).status).not.toBe(0);
  });
});
