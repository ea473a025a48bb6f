import { definePlugin } from '../../lib/plugins/public-api.js';
import type { HookContext } from '../../lib/plugins/public-api.js';
import { BUILD_CACHE_OPTIONS } from './settings.js';

/** The verbs of `data-eng build` and `data-eng cache`; each module loads only when its verb runs. */
const ACTIONS: Record<string, (ctx: HookContext) => Promise<unknown>> = {
  build: async (ctx) => (await import('./run-build.js')).runBuild(ctx),
  ls: async (ctx) => (await import('./run-cache-commands.js')).runList(ctx),
  prune: async (ctx) => (await import('./run-cache-commands.js')).runPrune(ctx),
};

/**
 * Content fingerprints for image builds: one key per Dockerfile stage from everything that decides the
 * image (the stage's instructions, the context files it copies after .dockerignore, build args, target,
 * platform, base image identity). An image with the key, from this project, another project on the same
 * engine or a registry, is reused instead of rebuilt; images are tagged `<project>-<build>:<stage>-<key12>`
 * and `<project>-<build>:<stage>`, which compose runs.
 */
export default definePlugin({
  name: 'build-cache',
  apiVersion: 1,
  description: 'Build images once per content fingerprint; reuse them across projects and from a registry.',
  options: BUILD_CACHE_OPTIONS,
  // A first build of an Airflow image downloads gigabytes: allow it more than the default ten minutes.
  hookTimeoutMs: 2 * 60 * 60 * 1000,
  hooks: {
    async buildCache(ctx) {
      if (ctx.options.phase === 'scaffold') {
        await (await import('./record-keys.js')).recordKeys(ctx);
        return;
      }
      const action = String(ctx.options.action ?? 'build');
      const run = ACTIONS[action];
      if (!run)
        throw new Error(
          `The build cache has no action "${action}". Choose one of: ${Object.keys(ACTIONS).join(', ')}.`,
        );
      await run(ctx);
    },
  },
});
