import { setEnv } from '../helpers/env-file.js';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mqttLogin } from '../helpers/mqtt-login.js';
import {
  EXAMPLE_PLUGIN as PLUGIN,
  envValue,
  freePort,
  preparePluginProject,
  sh,
  type PluginProject,
} from '../helpers/plugin-package.js';
import { REPO_ROOT } from '../helpers/paths.js';
import { describeWithServices } from '../helpers/services.js';

const FIXTURE = join(REPO_ROOT, '__tests__', 'fixtures', 'mosquitto');

// The example plugin, packed and installed as a user would (see the e2e test), enabled in a project and run
// on the real Docker engine with compose.
describeWithServices('a third-party plugin package on the real engine', (services) => {
  let prepared: PluginProject;
  let project: string;
  const image = `data-eng-e2e/mosquitto:${process.pid}`;
  let port: number;

  beforeAll(async () => {
    prepared = preparePluginProject('plugin-engine');
    project = prepared.project;
    prepared.dataEng(['plugins', 'add', PLUGIN], project);
    // Docker Hub is out of reach: an image with the eclipse-mosquitto layout, built from Debian's packages.
    sh(
      'docker',
      ['build', '--quiet', '--build-arg', `BASE_IMAGE=${services.baseImage}`, '-t', image, FIXTURE],
      REPO_ROOT,
    );
    port = await freePort();
    // What a team behind a corporate registry does: point the image at their own copy.
    setEnv(project, { MOSQUITTO_IMAGE: image, MOSQUITTO_PORT: String(port) });
  }, 600_000);

  afterAll(() => {
    if (project) {
      spawnSync('docker', ['compose', 'down', '--volumes', '--remove-orphans'], {
        cwd: project,
        stdio: 'ignore',
      });
    }
    spawnSync('docker', ['image', 'rm', '--force', image], { stdio: 'ignore' });
    if (prepared) rmSync(prepared.work, { recursive: true, force: true });
  });

  it('the result passes docker compose config, with the password read inside the container', () => {
    const config = JSON.parse(sh('docker', ['compose', 'config', '--format', 'json'], project));
    const broker = config.services.mosquitto;
    expect(broker.ports[0]).toMatchObject({ host_ip: '127.0.0.1', target: 1883, published: String(port) });
    // The health check reads the password inside the container ($$ is compose's literal $), never the host's value.
    expect(broker.healthcheck.test[1]).toContain('-P "$$MOSQUITTO_PASSWORD"');
    expect(broker.healthcheck.test[1]).not.toContain(envValue(project, 'MOSQUITTO_PASSWORD'));
    expect(broker.environment.MOSQUITTO_PASSWORD).toBe(envValue(project, 'MOSQUITTO_PASSWORD'));
  });

  it('docker compose up --wait brings it up healthy, and it takes the generated password only', async () => {
    sh('docker', ['compose', 'up', '--detach', '--wait', '--wait-timeout', '120', 'mosquitto'], project);
    const state = JSON.parse(
      sh('docker', ['compose', 'ps', '--format', 'json', 'mosquitto'], project).split('\n')[0]!,
    );
    expect(state).toMatchObject({ Service: 'mosquitto', Health: 'healthy' });
    expect(await mqttLogin(port, 'ingest', envValue(project, 'MOSQUITTO_PASSWORD'))).toBe(0);
    expect(await mqttLogin(port, 'ingest', 'not-the-password')).not.toBe(0);
    const volumes = sh(
      'docker',
      ['volume', 'ls', '--format', '{{.Name}}', '--filter', `label=io.data-eng.owner=${PLUGIN}`],
      project,
    );
    expect(volumes.split('\n')).toContain(`${prepared.projectName}_mosquitto-data`);
  });

  it('after plugins remove, the project still passes docker compose config', () => {
    sh('docker', ['compose', 'down', '--volumes', '--remove-orphans'], project);
    prepared.dataEng(['plugins', 'remove', PLUGIN], project);
    const config = JSON.parse(sh('docker', ['compose', 'config', '--format', 'json'], project));
    expect(config.services.mosquitto).toBeUndefined();
    expect(config.services.postgres).toBeDefined();
  });
});
