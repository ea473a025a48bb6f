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
});
