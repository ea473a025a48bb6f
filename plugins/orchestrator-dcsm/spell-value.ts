import type { EnvRef, EnvValue } from '../../lib/plugins/public-api.js';

/** `$` starts a reference in services.yaml (as in compose.yaml), so a literal one is written `$$`. */
export function escapeLiteral(text: string): string {
  return text.replaceAll('$', '$$$$');
}

function spellRef(ref: EnvRef): string {
  if (ref.fallback !== undefined) return `\${${ref.ref}:-${escapeLiteral(ref.fallback)}}`;
  return `\${${ref.ref}:?is not set: add it to .env}`;
}

/** Spell a Stack value for services.yaml: literals escaped, references to .env as `${NAME}` with their fallback. */
export function spellValue(value: EnvValue): string {
  if (typeof value === 'string') return escapeLiteral(value);
  if ('ref' in value) return spellRef(value);
  return value.parts
    .map((part) => (typeof part === 'string' ? escapeLiteral(part) : spellRef(part)))
    .join('');
}

/** A value as it reads with every reference at its fallback, e.g. the default image of a service. */
export function defaultOf(value: EnvValue): string {
  if (typeof value === 'string') return value;
  if ('ref' in value) return value.fallback ?? `\${${value.ref}}`;
  return value.parts
    .map((part) => (typeof part === 'string' ? part : (part.fallback ?? `\${${part.ref}}`)))
    .join('');
}
