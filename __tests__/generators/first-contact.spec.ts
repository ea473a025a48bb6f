import { describe, expect, it } from 'vitest';
import { readJson, readYaml, runGenerator } from '../helpers/run-generator.js';

/**
 * What a data engineer meets the first time, read against the official Airflow image's contract: its
 * entrypoint runs `bash …` and `python …` as given and turns anything else into `airflow <command>`
 * (a leading `airflow` is dropped), so a command that starts with any other program never runs.
 */
const ENTRYPOINT_PASSES = new Set(['bash', 'python', 'airflow']);

describe('first contact: the dev container and the Airflow image entrypoint', () => {
  it('every service built from Dockerfile.airflow has a command the image entrypoint runs as meant', async () => {
    const result = await runGenerator('app', { name: 'entry' });
    const compose = readYaml(result, 'compose.yaml');
    const built = Object.entries(compose.services as Record<string, any>).filter(
      ([, service]) => service.build?.dockerfile === 'Dockerfile.airflow',
    );
    expect(built.map(([name]) => name)).toContain('workspace');
    for (const [name, service] of built) {
      expect(ENTRYPOINT_PASSES.has(service.command[0]), `${name}: ${service.command.join(' ')}`).toBe(true);
    }
  });

  it('the workspace and airflow-cli read the mounted project, not the copies in the image', async () => {
    const result = await runGenerator('app', { name: 'mounted' });
    const compose = readYaml(result, 'compose.yaml');
    for (const name of ['workspace', 'airflow-cli']) {
      expect(compose.services[name].volumes).toContain('.:/workspace');
      expect(compose.services[name].environment).toMatchObject({
        PYTHONPATH: '/workspace/src',
        AIRFLOW__CORE__DAGS_FOLDER: '/workspace/dags',
        AIRFLOW__CORE__PLUGINS_FOLDER: '/workspace/plugins',
      });
    }
  });

  it('devcontainer.json keeps the compose command and forwards no port compose already publishes', async () => {
    const result = await runGenerator('app', { name: 'ports' });
    const devcontainer = readJson(result, '.devcontainer/devcontainer.json');
    expect(devcontainer.overrideCommand).toBe(false);
    const compose = readYaml(result, 'compose.yaml');
    const published = Object.entries(compose.services as Record<string, any>).flatMap(([name, service]) =>
      ((service.ports ?? []) as string[]).map((port) => `${name}:${port.split(':').at(-1)}`),
    );
    expect(published).toEqual(expect.arrayContaining(['airflow-apiserver:8080', 'postgres:5432']));
    for (const port of devcontainer.forwardPorts ?? []) expect(published).not.toContain(port);
    expect(devcontainer.portsAttributes).toEqual({
      '8080': { label: 'Airflow UI' },
      '5432': { label: 'PostgreSQL' },
    });
  });
});
