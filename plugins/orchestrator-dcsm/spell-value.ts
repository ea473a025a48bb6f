import { partsOf, secretFilePath, type EnvValue } from '../../lib/plugins/public-api.js';

/** A value as it reads with every reference at its fallback, e.g. the default image of a service. */
export function defaultOf(value: EnvValue): string {
  return partsOf(value)
    .map((part) =>
      typeof part === 'string'
        ? part
        : 'secretFile' in part
          ? secretFilePath(part.secretFile)
          : (part.fallback ?? `\${${part.ref}}`),
    )
    .join('');
}
