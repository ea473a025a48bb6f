import { describe, expect, it } from 'vitest';
import { generateSecret } from './generate-secret.js';

describe('generateSecret', () => {
  it('makes a Fernet key: 32 random bytes, url-safe base64 with padding', () => {
    const key = generateSecret('fernet');
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}=$/);
    expect(Buffer.from(key, 'base64url')).toHaveLength(32);
  });

  it('makes alphanumeric passwords that differ every time', () => {
    const a = generateSecret('password');
    expect(a).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(generateSecret('password')).not.toBe(a);
  });
});
