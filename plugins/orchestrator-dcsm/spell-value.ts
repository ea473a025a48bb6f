import type { EnvValue } from '../../lib/plugins/public-api.js';

/** A value as it reads with every reference at its fallback, e.g. the default image of a service. */
export function defaultOf(value: EnvValue): string {
  if (typeof value === 'string') return value;
  if ('ref' in value) return value.fallback ?? `\${${value.ref}}`;
  return value.parts
    .map((part) => (typeof part === 'string' ? part : (part.fallback ?? `\${${part.ref}}`)))
    .join('');
}
