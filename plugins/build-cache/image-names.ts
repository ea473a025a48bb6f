import { builtImageName, imageRepository } from '../../lib/plugins/public-api.js';
/** Labels every cached image carries; the key label is what any project on the engine looks images up by. */
export const LABELS = {
  key: 'data-eng.build-cache.key',
  project: 'data-eng.build-cache.project',
  build: 'data-eng.build-cache.build',
  stage: 'data-eng.build-cache.stage',
  /** Present when the key could miss a change, with the reason (e.g. a base image known only by name). */
  weak: 'data-eng.build-cache.weak',
} as const;

/** How many hex digits of the key an image tag shows. */
export const SHORT_KEY = 12;

/** The names one built stage gets: `<repo>:<target>-<key12>` (the key) and `<repo>:<target>` (compose's). */
export function imageTags(
  project: string,
  build: string,
  target: string,
  key: string,
): { keyed: string; current: string } {
  return {
    keyed: `${imageRepository(project, build)}:${target}-${key.slice(0, SHORT_KEY)}`,
    current: builtImageName(project, build, target),
  };
}

/** The labels a build stamps on the image. */
export function imageLabels(
  project: string,
  build: string,
  target: string,
  key: string,
  weakReasons: readonly string[],
): Record<string, string> {
  return {
    [LABELS.key]: key,
    [LABELS.project]: project,
    [LABELS.build]: build,
    [LABELS.stage]: target,
    ...(weakReasons.length ? { [LABELS.weak]: weakReasons.join('; ') } : {}),
  };
}

/** The repository in a registry that holds every cached image by its full key, whatever its project. */
export const KEY_REPOSITORY = 'data-eng-build-cache';

/** `<registry>/data-eng-build-cache:<key>`: the project-independent name every cached image is pushed under. */
export function keyReference(registry: string, key: string): string {
  return `${registry.replace(/\/+$/, '')}/${KEY_REPOSITORY}:${key}`;
}

/** `<registry>/<image>`: the project's own name for an image in the registry. */
export function registryReference(registry: string, image: string): string {
  return `${registry.replace(/\/+$/, '')}/${image}`;
}
