import type { EnvRef, EnvValue } from '../model/env-value.js';
import { isEnvRef } from '../model/env-value.js';

/** Compose interpolates `$` everywhere, so a literal dollar sign must be written `$$`. */
export function escapeComposeLiteral(text: string): string {
  return text.replaceAll('$', '$$$$');
}

function composeRef(ref: EnvRef, requiredHint: string): string {
  if (ref.fallback !== undefined) return `\${${ref.ref}:-${escapeComposeLiteral(ref.fallback)}}`;
  return `\${${ref.ref}:?${requiredHint}}`;
}

/** Spell an EnvValue the way compose.yaml needs it: literals escaped, references interpolated from .env. */
export function composeValue(value: EnvValue): string {
  const hint = 'is not set: run data-eng doctor, or add it to .env';
  if (typeof value === 'string') return escapeComposeLiteral(value);
  if (isEnvRef(value)) return composeRef(value, hint);
  return value.parts
    .map((part) => (typeof part === 'string' ? escapeComposeLiteral(part) : composeRef(part, hint)))
    .join('');
}
