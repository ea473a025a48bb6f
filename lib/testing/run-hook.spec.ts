import '../../cli/catalog.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { definePlugin } from '../plugins/public-api.js';
import { HookError } from '../plugins/run-hooks.js';
import { runHook } from './run-hook.js';

const plugin = definePlugin({
  name: 'data-eng-plugin-hooks',
  apiVersion: 1,
  options: [
    { name: 'greeting', flag: 'hooks-greeting', type: 'string', description: 'Greeting', default: 'hi' },
  ],
  contribute(stack) {
    stack.addService({ name: 'app', image: 'app:1' });
  },
  hooks: {
    async afterScaffold({ answers, logger, progress, report, projectDir, stack, config, options }) {
      logger.info(`${String(answers.greeting)} from ${projectDir}`);
      logger.warn(`services: ${Object.keys(stack.services).join(',')}`);
      await progress.step('Counting', async (update) => {
        update('one');
        update('two');
      });
      report('components', Object.keys(config));
      report('action', options.action);
      report('compose', existsSync(join(projectDir, 'compose.yaml')));
    },
    async buildCache({ signal }) {
      await new Promise((resolve) => signal.addEventListener('abort', resolve));
    },
    orchestrate() {
      throw new Error('compose is not installed');
    },
  },
});

describe('runHook', () => {
  it('runs a hook on a freshly written project and records logs, steps and reports', async () => {
    const run = await runHook(plugin, 'afterScaffold', {
      answers: { greeting: 'hello' },
      with: ['postgres'],
      options: { action: 'build' },
    });
    expect(run.logs).toEqual([
      { level: 'info', message: `hello from ${run.projectDir}` },
      { level: 'warn', message: 'services: app,postgres' },
    ]);
    expect(run.steps).toEqual([{ title: 'Counting', details: ['one', 'two'], outcome: 'done' }]);
    expect(run.report).toEqual({
      components: ['project', 'postgres', 'data-eng-plugin-hooks'],
      action: 'build',
      compose: true,
    });
  });

  it('rejects with the HookError naming plugin and hook when the hook throws', async () => {
    const error = await runHook(plugin, 'orchestrate').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HookError);
    expect(error).toMatchObject({ plugin: 'data-eng-plugin-hooks', hook: 'orchestrate', reason: 'failed' });
    expect((error as Error).message).toMatch(
      /data-eng-plugin-hooks: hook orchestrate failed: compose is not installed/,
    );
  });

  it('removes the temporary project it made, secrets included, whether the hook passed or failed', async () => {
    const seen: string[] = [];
    const watches = definePlugin({
      name: 'data-eng-plugin-watches',
      apiVersion: 1,
      contribute(stack) {
        stack.addService({ name: 'app', image: 'app:1' });
      },
      hooks: {
        afterScaffold: ({ projectDir }) => {
          seen.push(projectDir);
        },
        orchestrate: ({ projectDir }) => {
          seen.push(projectDir);
          throw new Error('broken');
        },
      },
    });
    const run = await runHook(watches, 'afterScaffold');
    await expect(runHook(watches, 'orchestrate')).rejects.toThrow(/broken/);
    expect(seen).toHaveLength(2);
    expect(seen[0]).toBe(run.projectDir);
    for (const dir of seen) expect(existsSync(dir), dir).toBe(false);
  });

  it('stops a hanging hook at the given timeout', async () => {
    await expect(runHook(plugin, 'buildCache', { timeoutMs: 50 })).rejects.toMatchObject({
      reason: 'timeout',
      hook: 'buildCache',
    });
  });

  it('passes an abort on to the hook', async () => {
    const controller = new AbortController();
    let hookSignal: AbortSignal | undefined;
    const waits = definePlugin({
      name: 'data-eng-plugin-waits',
      apiVersion: 1,
      hooks: {
        buildCache: ({ signal }) => {
          hookSignal = signal;
          queueMicrotask(() => controller.abort(new Error('interrupted')));
          return new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
        },
      },
    });
    await expect(runHook(waits, 'buildCache', { signal: controller.signal })).rejects.toMatchObject({
      reason: 'aborted',
      plugin: 'data-eng-plugin-waits',
    });
    expect(hookSignal!.aborted).toBe(true);
  });

  it('says which hooks a plugin has when asked for another', async () => {
    const small = definePlugin({
      name: 'data-eng-plugin-small',
      apiVersion: 1,
      hooks: { afterScaffold() {} },
    });
    await expect(runHook(small, 'orchestrate')).rejects.toThrow(
      'Plugin "data-eng-plugin-small" has no orchestrate hook; it has: afterScaffold.',
    );
  });
});
