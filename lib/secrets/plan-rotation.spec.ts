import { describe, expect, it } from 'vitest';
import { renderPlugin } from '../../cli/testing.js';
import { definePlugin } from '../plugins/public-api.js';
import { planRotation, recreatedNotes, RotationRefused } from './plan-rotation.js';

const probe = definePlugin({ name: 'probe', apiVersion: 1 });
const stack = async () =>
  (await renderPlugin(probe, { project: { name: 'demo' }, with: ['postgres', 'airflow'] })).stack;

describe('planRotation', () => {
  it("changes a role's password in its database first, then recreates the services that read it", async () => {
    const plan = planRotation(await stack(), 'POSTGRES_PASSWORD', 'old');
    expect(plan.role).toEqual({
      service: 'postgres',
      role: 'airflow',
      superuser: 'airflow',
      database: 'airflow',
    });
    expect(plan.value).toMatch(/^[A-Za-z0-9]{32}$/);
    // postgres reads its password file only on first start: not recreated, so no connection is cut.
    expect(plan.readers).not.toContain('postgres');
    expect(plan.readers).toEqual(expect.arrayContaining(['airflow-scheduler', 'airflow-apiserver']));
  });

  it('rotates the Fernet key in two steps: new key first with the old kept, then --finish keeps the new alone', async () => {
    const project = await stack();
    const start = planRotation(project, 'AIRFLOW_FERNET_KEY', 'OLDKEY=');
    const [fresh, old] = start.value.split(',');
    expect(old).toBe('OLDKEY=');
    expect(Buffer.from(fresh!, 'base64url')).toHaveLength(32);
    expect(start.next.join('\n')).toMatch(
      /airflow rotate-fernet-key[\s\S]*secrets rotate AIRFLOW_FERNET_KEY --finish/,
    );
    expect(() => planRotation(project, 'AIRFLOW_FERNET_KEY', start.value)).toThrow(
      /already holds a new and an old key: finish that rotation first/,
    );
    const finish = planRotation(project, 'AIRFLOW_FERNET_KEY', start.value, { finish: true });
    expect(finish.value).toBe(fresh);
    expect(() => planRotation(project, 'AIRFLOW_FERNET_KEY', fresh, { finish: true })).toThrow(
      /holds one key: there is no rotation to finish/,
    );
  });

  it('refuses what it cannot rotate safely, with the reason, and a misspelt name with the nearest', async () => {
    const project = await stack();
    expect(() => planRotation(project, 'AIRFLOW_ADMIN_PASSWORD', 'x')).toThrow(RotationRefused);
    expect(() => planRotation(project, 'AIRFLOW_ADMIN_PASSWORD', 'x')).toThrow(
      /change it there \(the UI, or scripts\/airflow\.sh users reset-password --username admin\)/,
    );
    expect(() => planRotation(project, 'POSTGRES_PASSWRD', 'x')).toThrow(
      '"POSTGRES_PASSWRD" is not a secret of this project; did you mean POSTGRES_PASSWORD? data-eng secrets ls lists them.',
    );
    expect(() => planRotation(project, 'POSTGRES_PASSWORD', 'x', { finish: true })).toThrow(
      /--finish ends a Fernet/,
    );
  });
});

describe('planRotation of a password kept where it is used', () => {
  it("says how its owner changes it: Grafana's admin with grafana cli", async () => {
    const { stack: project } = await renderPlugin(probe, {
      project: { name: 'demo' },
      with: ['postgres', 'airflow', 'observability'],
      componentAnswers: { observability: { grafana: true } },
    });
    expect(() => planRotation(project, 'GRAFANA_ADMIN_PASSWORD', 'x')).toThrow(
      /change it there \(docker compose exec grafana grafana cli admin reset-admin-password --password-from-stdin/,
    );
  });
});

describe('planRotation, what it leaves for the user', () => {
  it('refuses a secret .env does not set, and names the one-shot services that read the old value', async () => {
    const project = await stack();
    expect(() => planRotation(project, 'POSTGRES_PASSWORD', undefined)).toThrow(/is not set in \.env/);
    const plan = planRotation(project, 'ANALYTICS_DB_PASSWORD', 'old');
    expect(plan.readers).toContain('airflow-init');
    expect(plan.next).toEqual(['airflow-init ran once with the old value: data-eng up runs it again']);
    // A token airflow-init only used while it ran needs no second run.
    expect(planRotation(project, 'AIRFLOW_JWT_SECRET', 'old').next).toEqual([
      'Sessions and tokens signed with the old value end: sign in again.',
    ]);
  });
});

describe('recreatedNotes', () => {
  it('says that recreating the dev container ended its terminals, and nothing for other services', async () => {
    const project = (
      await renderPlugin(probe, { project: { name: 'demo' }, with: ['postgres', 'airflow', 'devcontainer'] })
    ).stack;
    const readers = planRotation(project, 'POSTGRES_PASSWORD', 'old').readers;
    expect(readers).toContain('workspace');
    expect(recreatedNotes(project, readers)).toEqual([
      expect.stringMatching(
        /^the dev container \(workspace\) was recreated to read it: its open terminals ended; /,
      ),
    ]);
    expect(recreatedNotes(project, ['airflow-scheduler'])).toEqual([]);
  });
});
