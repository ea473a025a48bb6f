import { describe, expect, it } from 'vitest';
import { resolveAnswers } from './resolve-answers.js';
import { POSTGRES_OPTIONS } from '../../generators/postgres/options.js';

const noAsk = async () => {
  throw new Error('must not ask');
};

describe('resolveAnswers', () => {
  it('takes flag over answers file over stored answers, then the default', async () => {
    const answers = await resolveAnswers(
      'postgres',
      POSTGRES_OPTIONS,
      {
        flags: { 'postgres-port': '6000' },
        file: { version: '15' },
        stored: { version: '17', analyticsUser: 'bi' },
      },
      { defaults: true, interactive: false },
      noAsk,
    );
    expect(answers).toEqual({
      version: '15',
      port: 6000,
      analyticsDatabase: 'analytics',
      analyticsUser: 'bi',
    });
  });

  it('names the field, the bad value and the allowed values', async () => {
    await expect(
      resolveAnswers(
        'postgres',
        POSTGRES_OPTIONS,
        { flags: {}, file: { version: '9' }, stored: {} },
        { defaults: true, interactive: false },
        noAsk,
      ),
    ).rejects.toThrow('Invalid postgres.version (--postgres-version): "9"; choose one of: 15, 16, 17.');
  });

  it('fails without a terminal when an answer is missing, saying how to give it', async () => {
    await expect(
      resolveAnswers(
        'postgres',
        POSTGRES_OPTIONS,
        { flags: {}, file: {}, stored: {} },
        { defaults: false, interactive: false },
        noAsk,
      ),
    ).rejects.toThrow(
      /Missing answer postgres.version .* pass --postgres-version, --defaults, or --answers FILE/,
    );
  });

  it('gives the question a check that names a typed value that would be refused, so the prompt asks again', async () => {
    const checked: (string | undefined)[] = [];
    const answers = await resolveAnswers(
      'postgres',
      POSTGRES_OPTIONS.filter((spec) => spec.name === 'port'),
      { flags: {}, file: {}, stored: {} },
      { defaults: false, interactive: true },
      async (_spec, _default, _answers, check) => {
        checked.push(check('80'), check('6000'));
        return '6000';
      },
    );
    expect(answers.port).toBe(6000);
    expect(checked[0]).toMatch(/^Invalid postgres\.port \(--postgres-port\): 80; /);
    expect(checked[1]).toBeUndefined();
  });
});
