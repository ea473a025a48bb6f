import type { HookContext, OptionSpec } from '../../lib/plugins/public-api.js';

/** The plugin's questions, stored under "build-cache" in .yo-rc.json. */
export const BUILD_CACHE_OPTIONS = [
  {
    name: 'registry',
    flag: 'cache-registry',
    type: 'string',
    description:
      'Registry that shares built images by fingerprint, e.g. registry.example.com/team or 127.0.0.1:5000 (empty: this machine only)',
    default: '',
    pattern: /^$|^[a-z0-9.-]+(:\d+)?(\/[a-z0-9._-]+)*$/i,
    patternHint: 'a registry host with an optional port and path, like registry.example.com:5000/team',
  },
  {
    name: 'push',
    flag: 'cache-push',
    type: 'boolean',
    description: 'Push every freshly built image to the cache registry',
    default: true,
  },
  {
    name: 'platform',
    flag: 'cache-platform',
    type: 'string',
    description: "Platform to build for, e.g. linux/amd64 (empty: the engine's own)",
    default: '',
    pattern: /^$|^[a-z0-9]+\/[a-z0-9_]+(\/[a-z0-9]+)?$/,
    patternHint: 'os/arch[/variant], like linux/amd64 or linux/arm64',
  },
] as const satisfies readonly OptionSpec[];

/** The resolved settings one run works with. */
export interface CacheSettings {
  /** Registry address without a trailing slash; empty for none. */
  readonly registry: string;
  readonly push: boolean;
  readonly platform: string;
}

/** Answers, overridden by DATA_ENG_CACHE_REGISTRY (CI machines point at their registry without editing files). */
export function resolveSettings(
  ctx: Pick<HookContext, 'answers'>,
  env: NodeJS.ProcessEnv = process.env,
): CacheSettings {
  const registry = env.DATA_ENG_CACHE_REGISTRY ?? String(ctx.answers.registry ?? '');
  return {
    registry: registry.trim().replace(/\/+$/, ''),
    push: ctx.answers.push !== false,
    platform: String(ctx.answers.platform ?? ''),
  };
}
