import type { EngineClient } from './engine-client.js';
import { nameImage, type CachedImage } from './find-cached-image.js';
import { LABELS, keyReference, registryReference } from './image-names.js';
import { pullImage } from './registry.js';

/**
 * Pull the image of a key from the registry: by the project-independent key name first, then by the
 * project's own name. Returns undefined when the registry has neither; a registry that cannot be asked
 * is reported through `warn` and treated the same, so an unreachable cache never blocks a build.
 */
export async function pullCachedImage(
  engine: EngineClient,
  options: {
    readonly registry: string;
    readonly key: string;
    readonly tags: { keyed: string; current: string };
    readonly signal: AbortSignal;
    readonly onLine: (line: string) => void;
    readonly warn: (message: string) => void;
  },
): Promise<CachedImage | undefined> {
  const { registry, key, tags } = options;
  for (const reference of [keyReference(registry, key), registryReference(registry, tags.keyed)]) {
    const result = await pullImage(reference, engine.endpoint.dockerHost, options.signal, options.onLine);
    if (result.status === 'failed') {
      options.warn(`The cache registry ${registry} could not be asked (${result.reason}); building instead.`);
      return undefined;
    }
    if (result.status === 'missing') continue;
    const info = await engine.inspectImage(reference);
    if (info?.Config?.Labels?.[LABELS.key] !== key) {
      await engine.untagImage(reference);
      continue;
    }
    await nameImage(engine, info, tags);
    await engine.untagImage(reference);
    return { id: info.Id, source: 'registry', from: reference };
  }
  return undefined;
}
