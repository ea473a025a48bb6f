import { describe, expect, it } from 'vitest';
import { parseFlags } from './plugins.js';

describe('parseFlags', () => {
  it('reads --flag value, --flag=value and bare --flag', () => {
    expect(parseFlags(['--mosquitto-port', '1884', '--name=a=b', '--tls'])).toEqual({
      'mosquitto-port': '1884',
      name: 'a=b',
      tls: true,
    });
  });

  it('refuses a stray word, saying how answers are given', () => {
    expect(() => parseFlags(['1884'])).toThrow(
      'Unexpected "1884": plugin answers are given as --flag value.',
    );
  });
});
