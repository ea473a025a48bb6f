import { randomBytes, randomInt } from 'node:crypto';
import type { SecretKind } from '../model/stack.js';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * A fresh secret of the given kind, from the operating system's CSPRNG.
 * Passwords are alphanumeric so they survive URLs, YAML, shells and .env files without escaping.
 */
export function generateSecret(kind: SecretKind): string {
  switch (kind) {
    case 'fernet':
      // Fernet wants 32 bytes as url-safe base64 *with* padding (44 characters).
      return randomBytes(32).toString('base64').replaceAll('+', '-').replaceAll('/', '_');
    case 'password':
      return Array.from({ length: 32 }, () => ALPHANUMERIC[randomInt(ALPHANUMERIC.length)]).join('');
    case 'token':
      return randomBytes(48).toString('base64url');
    case 'external':
      return '';
  }
}
