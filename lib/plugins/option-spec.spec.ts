import { describe, expect, expectTypeOf, it } from 'vitest';
import { readAnswers, type OptionSpec } from './option-spec.js';

const OPTIONS = [
  { name: 'domain', flag: 'domain', type: 'string', description: 'Domain', default: 'corp.example.com' },
  {
    name: 'realm',
    flag: 'realm',
    type: 'string',
    description: 'Realm',
    default: (answers: Readonly<Record<string, unknown>>) => String(answers.domain).toUpperCase(),
  },
  { name: 'mode', flag: 'mode', type: 'string', description: 'Mode', default: 'a', choices: ['a', 'b'] },
  { name: 'port', flag: 'port', type: 'number', description: 'Port', default: 1 },
  { name: 'urls', flag: 'urls', type: 'string[]', description: 'URLs', default: [] },
] as const satisfies readonly OptionSpec[];

describe('readAnswers', () => {
  it('keeps what the answers hold and fills the rest from the table, defaults computed in order', () => {
    const answers = readAnswers(OPTIONS, { domain: 'ad.example.org', port: 5 });
    expect(answers).toEqual({
      domain: 'ad.example.org',
      realm: 'AD.EXAMPLE.ORG',
      mode: 'a',
      port: 5,
      urls: [],
    });
  });

  it('types each answer from its question', () => {
    const answers = readAnswers(OPTIONS, {});
    expectTypeOf(answers.mode).toEqualTypeOf<'a' | 'b'>();
    expectTypeOf(answers.port).toEqualTypeOf<number>();
    expectTypeOf(answers.urls).toEqualTypeOf<readonly string[]>();
    expectTypeOf(answers.realm).toEqualTypeOf<string>();
  });
});
