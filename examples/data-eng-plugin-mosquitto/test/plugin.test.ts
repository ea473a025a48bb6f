import { describe, expect, it } from 'vitest';
import { expectValidPlugin, renderPlugin, runHook } from 'generator-data-eng/testing';
import plugin, { DEFAULT_IMAGE, SERVICE, VOLUME } from '../src/index.js';

describe('data-eng-plugin-mosquitto', () => {
  it('is a valid plugin', async () => {
    await expectValidPlugin(plugin);
  });

  it('adds the broker: overridable image, 127.0.0.1 port, persistent volume, authenticated health check', async () => {
    const { compose, contributions } = await renderPlugin(plugin, { answers: { port: 11883 } });
    const broker = compose.services[SERVICE]!;
    expect(broker.image).toBe(`\${MOSQUITTO_IMAGE:-${DEFAULT_IMAGE}}`);
    expect(broker.ports).toEqual(['127.0.0.1:${MOSQUITTO_PORT:-11883}:1883']);
    expect(broker.volumes).toEqual([`${VOLUME}:/mosquitto/data`, './docker/mosquitto:/mosquitto/config:ro']);
    expect(compose.volumes).toHaveProperty(VOLUME);
    // Compose must hand the shell "$MOSQUITTO_PASSWORD", not interpolate it from the host.
    expect(broker.healthcheck!.test[1]).toContain('-P "$$MOSQUITTO_PASSWORD"');
    expect(broker.environment).toEqual({
      MOSQUITTO_USERNAME: 'ingest',
      MOSQUITTO_PASSWORD: '${MOSQUITTO_PASSWORD:?is not set: run data-eng doctor, or add it to .env}',
    });
    expect(contributions).toEqual({
      services: [SERVICE],
      volumes: [VOLUME],
      secrets: ['MOSQUITTO_PASSWORD'],
      settings: ['MOSQUITTO_IMAGE', 'MOSQUITTO_PORT'],
      files: ['docker/mosquitto/mosquitto.conf', 'docker/mosquitto/start.sh'],
    });
  });

  it('generates the password into .env and keeps it out of every other file', async () => {
    const { env, files } = await renderPlugin(plugin);
    expect(env.MOSQUITTO_PASSWORD).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(env.MOSQUITTO_IMAGE).toBe(DEFAULT_IMAGE);
    for (const [path, content] of Object.entries(files)) {
      expect(content, path).not.toContain(env.MOSQUITTO_PASSWORD);
    }
    expect(files['docker/mosquitto/mosquitto.conf']).toContain('allow_anonymous false');
  });

  it('lists the port in the dev container and gives Airflow the broker', async () => {
    const { compose, devcontainer } = await renderPlugin(plugin, { with: ['devcontainer'] });
    expect(Object.keys(devcontainer!.portsAttributes)).toContain('1883');
    expect(devcontainer!.runServices).toContain(SERVICE);
    expect(compose.services['airflow-scheduler']!.environment).toMatchObject({
      MQTT_HOST: SERVICE,
      MQTT_USERNAME: 'ingest',
    });
    expect(compose.services['airflow-apiserver']!.environment).not.toHaveProperty('MQTT_HOST');
  });

  it('leaves Airflow alone when asked to', async () => {
    const { compose } = await renderPlugin(plugin, { with: ['airflow'], answers: { airflowEnv: false } });
    expect(compose.services['airflow-scheduler']!.environment).not.toHaveProperty('MQTT_HOST');
  });

  it('rejects a user name the password file cannot hold', async () => {
    await expect(renderPlugin(plugin, { answers: { username: 'bad:name' } })).rejects.toThrow(
      /mosquitto-username.*starting with a letter/,
    );
  });

  it('tells the user where the broker listens after scaffolding', async () => {
    const run = await runHook(plugin, 'afterScaffold', { answers: { port: 11883 } });
    expect(run.logs).toEqual([
      {
        level: 'info',
        message:
          'Mosquitto listens on 127.0.0.1:11883 (MOSQUITTO_PORT in .env); log in as "ingest" with MOSQUITTO_PASSWORD from .env.',
      },
    ]);
  });
});
