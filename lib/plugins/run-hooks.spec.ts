import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorExitCode } from '../../cli/error-exit-code.js';
import { EXIT } from '../../cli/exit-codes.js';
import { StackBuilder } from '../model/stack-builder.js';
import type { Hook, HookContext, HookName, Logger, Progress } from './public-api.js';
import { definePlugin, HOOK_EXIT, HOOK_ORDER, PluginError } from './public-api.js';
import { HookError, runHooks, type HookRun } from './run-hooks.js';
import composePlugin from '../../plugins/orchestrator-compose/index.js';
import dcsmPlugin from '../../plugins/orchestrator-dcsm/index.js';
import type { Contributor } from '../project/build-stack.js';

const stack = new StackBuilder({
  name: 'hooks',
  title: 'Hooks',
  description: '',
  packageName: 'hooks',
}).build();
const logger: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
const progress: Progress = { step: (_title, run) => run(() => undefined, { failed: () => undefined }) };

/** A plugin whose every hook records `<plugin>.<hook>` in `calls`, unless `override` gives that hook. */
function recorder(
  name: string,
  calls: string[],
  override: Partial<Record<HookName, Hook>> = {},
  hookTimeoutMs?: number,
): Contributor {
  const hooks = Object.fromEntries(
    HOOK_ORDER.map((hook) => [
      hook,
      override[hook] ??
        ((context: HookContext) => {
          calls.push(`${name}.${hook}`);
          context.report('seen', `${name}.${hook}`);
        }),
    ]),
  );
  return {
    definition: definePlugin({ name, apiVersion: 1, hooks, ...(hookTimeoutMs ? { hookTimeoutMs } : {}) }),
    answers: { who: name },
  };
}

function run(contributors: Contributor[], extra: Partial<HookRun> = {}): HookRun {
  return { projectDir: '/tmp/hooks', stack, contributors, logger, progress, ...extra };
}

describe('runHooks', () => {
  it('runs hooks in the documented order, and for each hook the plugins in .yo-rc.json order', async () => {
    const calls: string[] = [];
    const results = await runHooks(run([recorder('first', calls), recorder('second', calls)]));
    expect(HOOK_ORDER).toEqual(['afterScaffold', 'buildCache', 'orchestrate']);
    expect(calls).toEqual([
      'first.afterScaffold',
      'second.afterScaffold',
      'first.buildCache',
      'second.buildCache',
      'first.orchestrate',
      'second.orchestrate',
    ]);
    expect(results.map((r) => [r.plugin, r.hook, r.report.seen])).toEqual(
      calls.map((call) => [...call.split('.'), call]),
    );
  });

  it('lets one orchestrator run the stack: a third one from a plugin is refused next to a built-in one, before any runs', async () => {
    const calls: string[] = [];
    const orchestrator = (name: string, runs = true): Contributor => ({
      definition: definePlugin({
        name,
        apiVersion: 1,
        kind: 'orchestrator',
        runsStack: () => runs,
        hooks: {
          // Only an orchestrate hook is given the verb.
          buildCache: (context) =>
            void (context.action === undefined || calls.push(`${name}:build-got-action`)),
          orchestrate: (context) => void calls.push(`${name}:${context.action}`),
        },
      }),
      answers: {},
    });
    // The built-in orchestrators declare themselves; DCSM with runner none only renders services.yaml.
    expect(composePlugin.kind).toBe('orchestrator');
    expect(dcsmPlugin.kind).toBe('orchestrator');
    expect(dcsmPlugin.runsStack!({ runner: 'none' })).toBe(false);
    expect(dcsmPlugin.runsStack!({})).toBe(true);
    const compose = orchestrator('orchestrator-compose');
    const both = run([compose, orchestrator('data-eng-plugin-nomad')], { options: { action: 'up' } });
    const refused = await runHooks(both).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(HookError);
    expect((refused as HookError).message).toBe(
      'orchestrator-compose and data-eng-plugin-nomad would each run the stack; keep one: data-eng plugins remove data-eng-plugin-nomad (keeping orchestrator-compose), or answer so that only one runs it (e.g. "runner": "none" under orchestrator-dcsm).',
    );
    expect(errorExitCode(refused)).toBe(EXIT.USAGE);
    expect(calls).toEqual([]);
    // One that only renders files does not count; nor does anything when no verb is asked for.
    await runHooks(
      run([compose, orchestrator('data-eng-plugin-nomad', false)], { options: { action: 'status' } }),
    );
    await runHooks(run([compose, orchestrator('data-eng-plugin-nomad')], { options: { phase: 'scaffold' } }));
    expect(calls).toEqual([
      'orchestrator-compose:status',
      'data-eng-plugin-nomad:status',
      'orchestrator-compose:undefined',
      'data-eng-plugin-nomad:undefined',
    ]);
  });

  it('keeps the fixed order whatever order the hooks are asked for in, and runs only those', async () => {
    const calls: string[] = [];
    await runHooks(run([recorder('only', calls)]), ['orchestrate', 'afterScaffold']);
    expect(calls).toEqual(['only.afterScaffold', 'only.orchestrate']);
  });

  it("gives each hook the project, the Stack, its own answers, everyone's config and the command's options", async () => {
    let seen: HookContext | undefined;
    const capture = recorder('capture', [], {
      buildCache: (context) => {
        seen = context;
      },
    });
    await runHooks(run([recorder('other', []), capture], { options: { action: 'build' } }), ['buildCache']);
    expect(seen).toMatchObject({
      projectDir: '/tmp/hooks',
      stack,
      answers: { who: 'capture' },
      config: { other: { who: 'other' }, capture: { who: 'capture' } },
      options: { action: 'build' },
    });
    expect(seen!.signal.aborted).toBe(false);
  });

  it('a throwing hook stops the run, naming the plugin and the hook, and maps to exit code 5', async () => {
    const calls: string[] = [];
    const failing = recorder('breaks', calls, {
      buildCache: () => {
        throw new Error('the registry refused the push');
      },
    });
    const error = await runHooks(run([failing, recorder('later', calls)])).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HookError);
    expect(error).toMatchObject({ plugin: 'breaks', hook: 'buildCache', reason: 'failed' });
    expect((error as Error).message).toBe('breaks: hook buildCache failed: the registry refused the push');
    expect(errorExitCode(error)).toBe(EXIT.HOOK_FAILED);
    expect(calls).toEqual(['breaks.afterScaffold', 'later.afterScaffold']);
  });

  it('a hook that calls process.exit fails, naming the plugin, instead of ending the run with its status', async () => {
    const calls: string[] = [];
    const exits = recorder('exits', calls, {
      afterScaffold: () => {
        process.exit(0);
      },
    });
    const realExit = process.exit;
    const error = await runHooks(run([exits, recorder('later', calls)])).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ plugin: 'exits', hook: 'afterScaffold', reason: 'failed' });
    expect((error as Error).message).toBe(
      'exits: hook afterScaffold failed: it called process.exit(0); a hook reports a failure by throwing (PluginError), never by exiting',
    );
    expect(errorExitCode(error)).toBe(EXIT.HOOK_FAILED);
    expect(process.exit).toBe(realExit);
    expect(calls).toEqual([]);
  });

  it("Ctrl-C at a hook's own question is an interruption (exit 130), not a failure", async () => {
    const asks = recorder('asks', [], {
      orchestrate: () => {
        throw Object.assign(new Error('Aborted with Ctrl+C'), { name: 'AbortError' });
      },
    });
    const error = await runHooks(run([asks]), ['orchestrate']).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ plugin: 'asks', hook: 'orchestrate', reason: 'aborted' });
    expect(errorExitCode(error)).toBe(EXIT.INTERRUPTED);
  });

  it('a rejected promise is reported the same way', async () => {
    const failing = recorder('rejects', [], {
      orchestrate: () => Promise.reject(new Error('compose exited 1')),
    });
    await expect(runHooks(run([failing]), ['orchestrate'])).rejects.toMatchObject({
      plugin: 'rejects',
      hook: 'orchestrate',
      message: 'rejects: hook orchestrate failed: compose exited 1',
    });
  });

  it('a hanging hook is stopped at its timeout: its signal aborts and nothing after it runs', async () => {
    const calls: string[] = [];
    let hookSignal: AbortSignal | undefined;
    const hanging = recorder(
      'hangs',
      calls,
      {
        afterScaffold: ({ signal }) => {
          hookSignal = signal;
          return new Promise<void>(() => undefined);
        },
      },
      50,
    );
    const error = await runHooks(run([hanging, recorder('next', calls)])).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ plugin: 'hangs', hook: 'afterScaffold', reason: 'timeout' });
    expect((error as Error).message).toMatch(
      /^hangs: hook afterScaffold did not finish within .* and was stopped/,
    );
    expect(errorExitCode(error)).toBe(EXIT.HOOK_FAILED);
    expect(hookSignal!.aborted).toBe(true);
    expect(calls).toEqual([]);
  });

  it('an abort (Ctrl-C) reaches the running hook and stops the run cleanly', async () => {
    const calls: string[] = [];
    const controller = new AbortController();
    let hookSignal: AbortSignal | undefined;
    const waiting = recorder('waits', calls, {
      buildCache: ({ signal }) => {
        hookSignal = signal;
        queueMicrotask(() => controller.abort(new Error('interrupted')));
        return new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
      },
    });
    const error = await runHooks(
      run([waiting, recorder('after', calls)], { signal: controller.signal }),
    ).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ plugin: 'waits', hook: 'buildCache', reason: 'aborted' });
    expect((error as Error).message).toBe(
      'waits: hook buildCache was interrupted; the project files are complete.',
    );
    expect(hookSignal!.aborted).toBe(true);
    expect(calls).toEqual(['waits.afterScaffold', 'after.afterScaffold']);
  });

  it('runs no hook at all once the run is aborted', async () => {
    const calls: string[] = [];
    const controller = new AbortController();
    controller.abort(new Error('interrupted'));
    await expect(runHooks(run([recorder('never', calls)], { signal: controller.signal }))).rejects.toThrow(
      'interrupted',
    );
    expect(calls).toEqual([]);
  });

  it("gives hooks the project's .env as compose reads it, empty without one", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hooks-env-'));
    try {
      const seen: Record<string, string>[] = [];
      const reader: Hook = async (context) => void seen.push({ ...(await context.projectEnv()) });
      const contributor = recorder('env', [], { buildCache: reader });
      await runHooks(run([contributor], { projectDir: dir }), ['buildCache']);
      writeFileSync(join(dir, '.env'), "# secrets\nPOSTGRES_PASSWORD='p #1'\nexport AIRFLOW_UID=1000\n");
      await runHooks(run([contributor], { projectDir: dir }), ['buildCache']);
      expect(seen).toEqual([{}, { POSTGRES_PASSWORD: 'p #1', AIRFLOW_UID: '1000' }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('ends the command with the exit code a PluginError asks for', async () => {
    const failing = recorder('strict', [], {
      orchestrate: () => {
        throw new PluginError('Compose v2 is missing; install it.', HOOK_EXIT.environment);
      },
    });
    const error = await runHooks(run([failing]), ['orchestrate']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HookError);
    expect(errorExitCode(error)).toBe(EXIT.ENVIRONMENT);
  });

  it('a failure that asks for exit 0, or for no exit status at all, still fails with 5', async () => {
    for (const asked of [0, -1, 256, 1.5]) {
      const failing = recorder('zero', [], {
        orchestrate: () => {
          throw new PluginError('it failed', asked);
        },
      });
      const error = await runHooks(run([failing]), ['orchestrate']).catch((e: unknown) => e);
      expect(errorExitCode(error), `exitCode ${asked}`).toBe(EXIT.HOOK_FAILED);
    }
  });
});
