import '../../cli/catalog.js';
import { describe, expect, it } from 'vitest';
import { definePlugin } from '../plugins/public-api.js';
import type { PluginDefinition } from '../plugins/public-api.js';
import { expectValidPlugin, InvalidPluginError } from './expect-valid-plugin.js';

const good = definePlugin({
  name: '@acme/data-eng-plugin-good',
  apiVersion: 1,
  description: 'A good plugin.',
  options: [{ name: 'hostPort', flag: 'good-port', type: 'number', description: 'Host port', default: 9000 }],
  contribute(stack, { answers }) {
    stack.addService({
      name: 'good',
      image: 'good:1',
      ports: [{ container: 9000, host: Number(answers.hostPort) }],
    });
  },
  hooks: { afterScaffold() {} },
});

async function problems(plugin: unknown): Promise<readonly string[]> {
  const error = await expectValidPlugin(plugin as PluginDefinition).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(InvalidPluginError);
  return (error as InvalidPluginError).problems;
}

describe('expectValidPlugin', () => {
  it('accepts a well-formed plugin', async () => {
    await expect(expectValidPlugin(good)).resolves.toBeUndefined();
  });

  it('lists every problem of a badly formed plugin', async () => {
    const found = await problems({
      name: 'my-plugin',
      apiVersion: 2,
      options: [
        { name: 'Port', flag: 'port', type: 'number', description: '', default: 'x' },
        { name: 'Port', flag: 'Bad_Flag', type: 'text', description: 'd', default: 1 },
      ],
      hooks: { beforeScaffold() {}, orchestrate: 'up' },
      hookTimeoutMs: -1,
    });
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^apiVersion is 2; this generator-data-eng speaks 1/),
        expect.stringMatching(/^name "my-plugin" must be the npm package name/),
        expect.stringMatching(/^add a one-line description/),
        expect.stringMatching(/^hook "beforeScaffold" is not a hook/),
        'hook orchestrate must be a function.',
        expect.stringMatching(/^hookTimeoutMs is -1/),
        expect.stringMatching(/^option "Port": name it in camelCase/),
        expect.stringMatching(/^option "Port" is declared twice/),
        expect.stringMatching(/^option "Port": flag "Bad_Flag" must be kebab-case/),
        expect.stringMatching(/^option "Port": type "text" is not one of/),
        expect.stringMatching(/^option "Port": add a one-line description/),
        expect.stringMatching(/^its defaults do not pass its own validation: .*"x"/),
      ]),
    );
  });

  it('refuses flags the generator already takes', async () => {
    const found = await problems({
      ...good,
      options: [
        { name: 'version', flag: 'postgres-version', type: 'string', description: 'v', default: '1' },
      ],
    });
    expect(found).toEqual([
      'option "version": flag --postgres-version is already taken by postgres; prefix it with the service name.',
    ]);
  });

  it('refuses a plugin whose rendering is not repeatable', async () => {
    const found = await problems({
      ...good,
      contribute(stack: { addSetting(name: string, value: string, description: string): void }) {
        stack.addSetting('STARTED', String(Math.random()), 'when');
      },
    });
    expect(found).toEqual([expect.stringMatching(/two renderings with the same answers differ/)]);
  });

  it('refuses a plugin that does not render, with the reason', async () => {
    const found = await problems({
      ...good,
      contribute(stack: { addEnv(service: string, env: object): void }) {
        stack.addEnv('airflow-scheduler', { X: '1' });
      },
    });
    expect(found).toEqual([
      expect.stringMatching(/does not render with its default answers: .*"airflow-scheduler"/),
    ]);
  });

  it('refuses file paths outside the project', async () => {
    const found = await problems({ ...good, files: () => [{ path: '../etc/passwd', content: '' }] });
    expect(found).toEqual([expect.stringMatching(/file "..\/etc\/passwd" must be relative to the project/)]);
  });
});
