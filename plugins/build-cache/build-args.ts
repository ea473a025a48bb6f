import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { partsOf, type EnvValue, type ImageBuild } from '../../lib/plugins/public-api.js';

/** KEY=VALUE lines of a .env file, quotes removed; comments and blank lines skipped. */
export function parseDotEnv(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!match) continue;
    const raw = match[2]!;
    const quoted = /^(["'])(.*)\1$/.exec(raw);
    out.set(match[1]!, quoted ? quoted[2]! : raw.replace(/\s+#.*$/, ''));
  }
  return out;
}

/**
 * The build args as the builder receives them: references to variables are resolved the way compose
 * resolves them, from the environment first, then the project's .env, then their fallback.
 */
export function resolveBuildArgs(
  args: Readonly<Record<string, EnvValue>>,
  projectDir: string,
  env: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  let dotEnv: Map<string, string> | undefined;
  const lookup = (name: string, fallback?: string): string => {
    if (env[name] !== undefined) return env[name];
    if (!dotEnv) {
      try {
        dotEnv = parseDotEnv(readFileSync(join(projectDir, '.env'), 'utf8'));
      } catch {
        dotEnv = new Map();
      }
    }
    return dotEnv.get(name) ?? fallback ?? '';
  };
  const resolve = (value: EnvValue): string =>
    partsOf(value)
      .map((part) => {
        if (typeof part === 'string') return part;
        // A build sees no secret file: a secret a RUN step needs is a build secret (ImageBuild.secrets).
        if ('secretFile' in part)
          throw new Error(
            `A build argument cannot be the file of secret ${part.secretFile}; use a build secret.`,
          );
        return lookup(part.ref, part.fallback);
      })
      .join('');
  return Object.fromEntries(
    Object.entries(args)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([name, value]) => [name, resolve(value)]),
  );
}

/**
 * The build's secrets by id, each read like compose reads it: from the environment, else the project's .env.
 * They never enter the fingerprint: a new index password must not rebuild anything.
 */
export function resolveBuildSecrets(
  build: Pick<ImageBuild, 'secrets'>,
  projectDir: string,
  env: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  const refs = Object.fromEntries(
    Object.entries(build.secrets ?? {}).map(([id, variable]) => [id, { ref: variable }]),
  );
  return resolveBuildArgs(refs, projectDir, env);
}
