import { describe, expect, it } from 'vitest';
import { StackBuilder } from '../model/stack-builder.js';
import { envFileKeys, renderEnv, renderEnvExample } from './render-env.js';

function stack(extraSecret = false) {
  const builder = new StackBuilder({ name: 'demo', title: 'Demo', description: '', packageName: 'demo' });
  const api = builder.as('test');
  api.addSetting('PORT', '5432', 'Host port');
  api.addSecret('DB_PASSWORD', 'password', 'Database password');
  if (extraSecret) api.addSecret('NEW_TOKEN', 'token', 'A token added later');
  return builder.build();
}

describe('renderEnv', () => {
  it('writes settings and freshly generated secrets on the first run', () => {
    const text = renderEnv(stack(), undefined, (secret) => `generated-${secret.name}`);
    expect(text).toContain('PORT=5432');
    expect(text).toContain('DB_PASSWORD=generated-DB_PASSWORD');
  });

  it('keeps an existing file byte for byte and appends only missing variables', () => {
    const existing = '# mine\nPORT=6543\nDB_PASSWORD=keep-me\n';
    expect(renderEnv(stack(), existing, () => 'NEW')).toBe(existing);
    const grown = renderEnv(stack(true), existing, () => 'fresh');
    expect(grown.startsWith(existing)).toBe(true);
    expect([...envFileKeys(grown)]).toEqual(['PORT', 'DB_PASSWORD', 'NEW_TOKEN']);
    expect(grown).toContain('NEW_TOKEN=fresh');
  });

  it('leaves secrets empty in .env.example', () => {
    const text = renderEnvExample(stack());
    expect(text).toContain('DB_PASSWORD=\n');
    expect(text).toContain('PORT=5432');
  });
});
