import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { quotedString } from './quoted-string.js';

const HOSTILE = `O'Brien "ETL" $HOME \\back\\slash\nline\ttab ünïcødé 数据 🚀 \u007f\u0085\u2028\u2029\ufeff end`;

describe('quotedString', () => {
  it('round-trips through JSON and the yaml library', () => {
    expect(JSON.parse(quotedString(HOSTILE))).toBe(HOSTILE);
    expect(parse(`key: ${quotedString(HOSTILE)}\n`).key).toBe(HOSTILE);
  });

  it('replaces lone surrogates, which no target language can carry', () => {
    expect(JSON.parse(quotedString('a\ud800b'))).toBe('a\ufffdb');
  });

  it('round-trips through Python, PyYAML and tomllib', () => {
    const script = [
      'import ast, json, sys, tomllib, yaml',
      'literal = sys.stdin.read()',
      'values = [ast.literal_eval(literal), yaml.safe_load("k: " + literal)["k"], tomllib.loads("k = " + literal)["k"]]',
      'print(json.dumps(values))',
    ].join('\n');
    const out = execFileSync('/usr/bin/python3', ['-c', script], {
      input: quotedString(HOSTILE),
      encoding: 'utf8',
    });
    expect(JSON.parse(out)).toEqual([HOSTILE, HOSTILE, HOSTILE]);
  });
});
