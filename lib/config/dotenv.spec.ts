import { describe, expect, it } from 'vitest';
import { parseDotenv } from './dotenv.js';

describe('parseDotenv', () => {
  it('reads values the way docker compose does', () => {
    const env = parseDotenv(
      [
        '# comment',
        "AD_BIND_PASSWORD='p@ss $word #1'",
        'QUOTED="a\\"b"',
        'PLAIN=value # trailing comment',
        'export AIRFLOW_UID=1000',
        'EMPTY=',
      ].join('\n'),
    );
    expect(env).toEqual({
      AD_BIND_PASSWORD: 'p@ss $word #1',
      QUOTED: 'a"b',
      PLAIN: 'value',
      AIRFLOW_UID: '1000',
      EMPTY: '',
    });
  });

  it('skips lines that are not assignments and keeps an unquoted value with inner spaces', () => {
    expect(parseDotenv(['not a line', 'export B=two words # note', 'C=a#b'].join('\n'))).toEqual({
      B: 'two words',
      C: 'a#b',
    });
  });
});
