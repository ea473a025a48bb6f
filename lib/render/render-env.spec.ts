import { describe, expect, it } from 'vitest';
import { StackBuilder } from '../model/stack-builder.js';
import { parseDotenv } from '../config/dotenv.js';
import {
  applySettingCommand,
  envFileKeys,
  setEnvValue,
  renderEnv,
  renderEnvExample,
  updateEnvSettings,
} from './render-env.js';

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

describe('updateEnvSettings', () => {
  const withPort = (port: string) => {
    const builder = new StackBuilder({ name: 'demo', title: 'Demo', description: '', packageName: 'demo' });
    const api = builder.as('test');
    api.addSetting('PORT', port, 'Host port');
    api.addSetting('IMAGE', 'postgres:16', 'Image');
    api.addSecret('DB_PASSWORD', 'password', 'Database password');
    return builder.build();
  };
  const existing = '# mine\nPORT=5432\nIMAGE=registry.corp/postgres:16\nDB_PASSWORD=s3cr3t\n';
  const previous = { PORT: '5432', IMAGE: 'postgres:16', DB_PASSWORD: '' };
  const current = { PORT: '5432', IMAGE: 'registry.corp/postgres:16', DB_PASSWORD: 's3cr3t' };

  it('gives a setting still at its last default the new value, every other byte kept', () => {
    const { text, kept } = updateEnvSettings(withPort('15432'), existing, current, previous);
    expect(text).toBe('# mine\nPORT=15432\nIMAGE=registry.corp/postgres:16\nDB_PASSWORD=s3cr3t\n');
    expect(kept).toEqual([]);
  });

  it('keeps a value the user set, and reports it with the command that applies the new one', () => {
    const mine = { ...current, PORT: '6000' };
    const { text, kept } = updateEnvSettings(
      withPort('15432'),
      existing.replace('5432', '6000'),
      mine,
      previous,
    );
    expect(text).toContain('PORT=6000\n');
    expect(kept).toEqual([{ name: 'PORT', yours: '6000', answers: '15432' }]);
    expect(applySettingCommand(kept[0]!)).toBe("sed -i 's|^PORT=.*|PORT=15432|' .env");
  });

  it('leaves an unchanged setting and every secret alone', () => {
    const { text, kept } = updateEnvSettings(withPort('5432'), existing, current, previous);
    expect(text).toBe(existing);
    expect(kept).toEqual([]);
  });
});

describe('setEnvValue', () => {
  it('changes the last assignment (the one compose reads), keeping every other byte', () => {
    const text = '# top\nexport A=1\nB=keep\r\nA=2 # note\nC=3\n';
    const next = setEnvValue(text, 'A', 'new');
    expect(next).toBe('# top\nexport A=1\nB=keep\r\nA=new\nC=3\n');
    expect(parseDotenv(next).A).toBe('new');
    expect(setEnvValue('B=1', 'A', 'x')).toBe('B=1\nA=x\n');
    expect(setEnvValue("export A='o ld'\n", 'A', 'n w')).toBe("export A='n w'\n");
  });
});
