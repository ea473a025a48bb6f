import '../../cli/catalog.js';
import { describe, expect, it } from 'vitest';
import { checkAnswerKeys } from './check-answer-keys.js';

describe('checkAnswerKeys in .yo-rc.json', () => {
  it('refuses a typo among the owners and among a part’s answers, with the near name', () => {
    expect(() => checkAnswerKeys({ postgress: {} }, '/p/.yo-rc.json', '/p', 'project config')).toThrow(
      /Unknown key "postgress" in \/p\/\.yo-rc\.json; did you mean "postgres"\?/,
    );
    expect(() =>
      checkAnswerKeys({ postgres: { prot: 5433 } }, '/p/.yo-rc.json', '/p', 'project config'),
    ).toThrow(/Unknown answer "postgres\.prot" .*did you mean "postgres\.port"\?/);
  });

  it('takes the answers of a plugin loaded from a path, stored under the name its definition gives', () => {
    const config = { plugins: ['./fixture-plugin.mjs'], 'fixture-client': { broken: false } };
    expect(() => checkAnswerKeys(config, '/p/.yo-rc.json', '/p', 'project config')).not.toThrow();
    expect(() =>
      checkAnswerKeys({ ...config, postgres: { prot: 1 } }, '/p/.yo-rc.json', '/p', 'project config'),
    ).toThrow(/postgres\.prot/);
  });
});
