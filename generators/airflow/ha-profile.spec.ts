import { describe, expect, it } from 'vitest';
import { readYaml, runGenerator } from '../../__tests__/helpers/run-generator.js';

describe('the ha compose profile', () => {
  it('runs a second scheduler like the first, only when the profile is asked for', async () => {
    const project = await runGenerator('app', { name: 'ha-demo' });
    const { services } = readYaml(project.cwd, 'compose.yaml');
    const { profiles, ...second } = services['airflow-scheduler-2'];
    expect(profiles).toEqual(['ha']);
    expect(services['airflow-scheduler'].profiles).toBeUndefined();
    // The same image, command, environment, health check and dependencies: a peer, not a different service.
    expect(second).toEqual(services['airflow-scheduler']);
  });
});
