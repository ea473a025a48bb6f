import { definePlugin, formatServiceTable, healthFromStatus } from '../../lib/plugins/public-api.js';
import { renderPlugin } from '../../cli/testing.js';
import { describe, expect, it } from 'vitest';
import { composeMissing, composeVersion } from './find-compose.js';
import { parseDockerPs, progressReader } from './docker-ps.js';
import { checkServiceNames, plannedHostPorts, serviceClosure } from './host-ports.js';
import { isUp, parseComposePs, workingDirs } from './service-state.js';
import { stripAnsi } from './compose-status.js';

/** A plugin of this test's own: an app on postgres with an automatic host port, and a tool in the dev profile. */
const demo = definePlugin({
  name: 'demo-app',
  apiVersion: 1,
  contribute(stack) {
    stack.addService({
      name: 'app',
      image: 'app',
      dependsOn: { postgres: 'service_healthy' },
      ports: [{ container: 80, host: 'auto' }],
    });
    stack.addService({
      name: 'tool',
      image: 'tool',
      dependsOn: { app: 'service_started' },
      profiles: ['dev'],
    });
  },
});

/** The demo project: postgres with its default answers and the plugin's services, built by the testing helpers. */
async function stack() {
  return (await renderPlugin(demo, { project: { name: 'demo' }, with: ['postgres'] })).stack;
}

const PS_LINE = {
  Service: 'postgres',
  State: 'running',
  Health: 'healthy',
  ExitCode: 0,
  Labels:
    'com.docker.compose.project=demo,com.docker.compose.project.working_dir=/work/demo,io.data-eng.project=demo',
  Publishers: [
    { URL: '127.0.0.1', TargetPort: 5432, PublishedPort: 5433, Protocol: 'tcp' },
    { URL: '', TargetPort: 8080, PublishedPort: 0, Protocol: 'tcp' },
  ],
};

describe('orchestrator-compose helpers', () => {
  it('reads compose ps JSON in both the line-per-object and the array form', async () => {
    const exited = { Service: 'init', State: 'exited', Health: '', ExitCode: 3, Publishers: null };
    const expected = [
      { service: 'init', state: 'exited', health: '', exitCode: 3, ports: [] },
      { service: 'postgres', state: 'running', health: 'healthy', ports: ['127.0.0.1:5433->5432/tcp'] },
    ];
    expect(parseComposePs(`${JSON.stringify(PS_LINE)}\n${JSON.stringify(exited)}\n`)).toEqual(expected);
    expect(parseComposePs(JSON.stringify([PS_LINE, exited]))).toEqual(expected);
    expect(parseComposePs('')).toEqual([]);
    expect(workingDirs(JSON.stringify(PS_LINE))).toEqual(['/work/demo']);
  });

  it('judges up-ness: healthy or check-less running services, one-shots that exited 0', async () => {
    expect(isUp({ service: 'a', state: 'running', health: 'healthy', ports: [] }, false)).toBe(true);
    expect(isUp({ service: 'a', state: 'running', health: '', ports: [] }, false)).toBe(true);
    expect(isUp({ service: 'a', state: 'running', health: 'starting', ports: [] }, false)).toBe(false);
    expect(isUp({ service: 'a', state: 'exited', health: '', exitCode: 0, ports: [] }, true)).toBe(true);
    expect(isUp({ service: 'a', state: 'exited', health: '', exitCode: 1, ports: [] }, true)).toBe(false);
    expect(healthFromStatus('Up 3 seconds (health: starting)')).toBe('starting');
    expect(healthFromStatus('Up 1 minute (unhealthy)')).toBe('unhealthy');
    expect(healthFromStatus('Up 1 minute')).toBe('');
  });

  it('formats a status table', async () => {
    const table = formatServiceTable(parseComposePs(JSON.stringify([PS_LINE])));
    expect(table.split('\n').map((line) => line.split(/\s{2,}/))).toEqual([
      ['SERVICE', 'STATE', 'HEALTH', 'PORTS'],
      ['postgres', 'running', 'healthy', '127.0.0.1:5433->5432/tcp'],
    ]);
  });

  it('finds the compose version in what each compose prints', async () => {
    expect(composeVersion('Docker Compose version 2.26.1-4')).toBe('2.26.1');
    expect(composeVersion('Docker Compose version v2.29.7')).toBe('2.29.7');
    expect(composeVersion('2.26.1')).toBe('2.26.1');
    expect(
      composeVersion(
        '>>>> Executing external compose provider "/usr/bin/docker-compose".\nDocker Compose version v2.27.0',
      ),
    ).toBe('2.27.0');
    expect(composeVersion('docker-compose version 1.29.2, build unknown')).toBe('1.29.2');
    expect(composeVersion('podman-compose: command not found')).toBeUndefined();
  });

  it('starts the named services with their dependencies, or everything outside a profile', async () => {
    const s = await stack();
    expect(serviceClosure(s, [])).toEqual(['app', 'postgres']);
    expect(serviceClosure(s, ['tool'])).toEqual(['app', 'postgres', 'tool']);
    expect(serviceClosure(s, ['postgres'])).toEqual(['postgres']);
    expect(() => checkServiceNames(s, ['nope'])).toThrow(
      'Unknown service "nope"; choose from: app, postgres, tool.',
    );
  });

  it('takes host ports from the environment over .env over the default, and refuses a non-number', async () => {
    const s = await stack();
    expect(plannedHostPorts(s, ['postgres', 'app'], {})).toEqual([
      { service: 'postgres', container: 5432, hostIp: '127.0.0.1', port: 5432, variable: 'POSTGRES_PORT' },
    ]);
    expect(plannedHostPorts(s, ['postgres'], { POSTGRES_PORT: '6543' })[0]!.port).toBe(6543);
    expect(() => plannedHostPorts(s, ['postgres'], { POSTGRES_PORT: 'x' })).toThrow(
      'POSTGRES_PORT=x is not a port number; set POSTGRES_PORT in .env to a port between 1024 and 65535.',
    );
  });

  it('strips the terminal control sequences compose writes into its logs', async () => {
    expect(stripAnsi('\u001b[2Kpostgres-1  | \u001b[32mready\u001b[0m')).toBe('postgres-1  | ready');
  });

  it('reads docker ps lines of compose containers: service, state, health, exit code, published ports, working dir', async () => {
    const line = (labels: string, state: string, status: string, ports: string) =>
      JSON.stringify({ Labels: labels, State: state, Status: status, Ports: ports });
    const text = [
      line(
        'com.docker.compose.service=postgres,com.docker.compose.project.working_dir=/w/demo',
        'running',
        'Up 5 seconds (healthy)',
        '127.0.0.1:5433->5432/tcp, [::1]:5433->5432/tcp',
      ),
      line(
        'com.docker.compose.project.working_dir=/w/demo,com.docker.compose.service=init',
        'exited',
        'Exited (2) 3 seconds ago',
        '',
      ),
      line('com.docker.compose.service=client', 'running', 'Up 1 second (health: starting)', '5432/tcp'),
    ].join('\n');
    expect(parseDockerPs(text)).toEqual({
      states: [
        { service: 'client', state: 'running', health: 'starting', ports: [] },
        { service: 'init', state: 'exited', health: '', exitCode: 2, ports: [] },
        { service: 'postgres', state: 'running', health: 'healthy', ports: ['127.0.0.1:5433->5432/tcp'] },
      ],
      dirs: ['/w/demo', '/w/demo'],
    });
  });

  it("turns compose's own progress lines into a per-service summary, across chunk boundaries", async () => {
    const seen: string[] = [];
    const feed = progressReader('demo.app', (summary) => seen.push(summary));
    feed(' Container demo.app-postgres-1  Creating\n Container demo.app-post');
    feed('gres-1  Started\n Network demo.app_default  Created\n Container demo.app-client-1  Waiting\n');
    feed('\u001b[2K Container demo.app-postgres-1  Healthy\n');
    expect(seen).toEqual([
      'postgres creating',
      'client waiting · postgres started',
      'client waiting · postgres healthy',
    ]);
  });

  it('tells a missing compose plugin from a failing project', async () => {
    expect(composeMissing("docker: 'compose' is not a docker command.\nSee 'docker --help'")).toBe(true);
    expect(composeMissing('unknown command: docker compose')).toBe(true);
    expect(composeMissing('service "x" has neither an image nor a build context specified')).toBe(false);
  });
});
