import { describe, expect, expectTypeOf, it } from 'vitest';
import type { OptionSpec } from '../plugins/option-spec.js';
import { readAnswers } from './read-answers.js';

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

  it('reads a hand-edited value the old way where it is unambiguous, and refuses the rest in one sentence', () => {
    const answers = readAnswers(OPTIONS, { domain: null, port: '5433', urls: 'ldaps://dc1,dc=corp' });
    expect(answers).toMatchObject({ domain: 'corp.example.com', port: 5433, urls: ['ldaps://dc1,dc=corp'] });
    expect(() => readAnswers(OPTIONS, { port: 'many' }, 'demo')).toThrow(
      /^demo\.port in \.yo-rc\.json is "many"; use a whole number\. Correct it there\.$/,
    );
    // A part can be asked again; the command is named only where it exists.
    expect(() => readAnswers(OPTIONS, { port: 'many' }, 'postgres')).toThrow(
      /Correct it there, or answer again with data-eng add postgres --ask-answered\.$/,
    );
    expect(() => readAnswers(OPTIONS, { mode: 'c' })).toThrow(/choose one of: a, b/);
    expect(() => readAnswers(OPTIONS, { urls: { a: 1 } })).toThrow(/use a list of strings/);
  });

  it('types a list question with choices as a list of those choices', () => {
    const TABLE = [
      {
        name: 'parts',
        flag: 'parts',
        type: 'string[]',
        description: 'Parts',
        default: [],
        choices: ['a', 'b'],
      },
    ] as const satisfies readonly OptionSpec[];
    expectTypeOf(readAnswers(TABLE, {}).parts).toEqualTypeOf<readonly ('a' | 'b')[]>();
  });
});
