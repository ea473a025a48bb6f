import { describe, expect, it } from 'vitest';
import { createIgnoreMatcher } from './dockerignore-matcher.js';

/** Which of the paths a .dockerignore leaves out. */
function ignored(rules: string, paths: string[]): string[] {
  const matcher = createIgnoreMatcher(rules);
  return paths.filter((path) => matcher.ignores(path));
}

describe('createIgnoreMatcher (Docker semantics, not .gitignore)', () => {
  it('anchors a plain name at the context root', () => {
    expect(ignored('logs', ['logs', 'logs/a.txt', 'dags/logs', 'dags/logs/a.txt'])).toEqual([
      'logs',
      'logs/a.txt',
    ]);
  });

  it('lets * stay within one directory and ** cross them', () => {
    expect(ignored('*.pyc', ['a.pyc', 'dags/a.pyc'])).toEqual(['a.pyc']);
    expect(ignored('**/*.pyc', ['a.pyc', 'dags/a.pyc', 'dags/x/b.pyc', 'a.py'])).toEqual([
      'a.pyc',
      'dags/a.pyc',
      'dags/x/b.pyc',
    ]);
  });

  it('applies exceptions in order, the last matching line winning', () => {
    const rules = ['.env', '.env.*', '!.env.example'].join('\n');
    expect(ignored(rules, ['.env', '.env.local', '.env.example'])).toEqual(['.env', '.env.local']);
    expect(ignored(['!keep.txt', '*.txt'].join('\n'), ['keep.txt'])).toEqual(['keep.txt']);
  });

  it('can bring back a file under an ignored directory, unlike git', () => {
    const rules = ['docs', '!docs/README.md'].join('\n');
    expect(ignored(rules, ['docs/a.md', 'docs/README.md'])).toEqual(['docs/a.md']);
  });

  it('matches case-sensitively, as Docker does on Linux', () => {
    expect(ignored('README.md', ['README.md', 'readme.md'])).toEqual(['README.md']);
  });

  it('skips comments and blank lines, and treats a leading slash as the root', () => {
    expect(ignored(['# secrets', '', '/.git'].join('\n'), ['.git/HEAD', '# secrets'])).toEqual(['.git/HEAD']);
  });

  it('enters an ignored directory only when an exception starts with its path', () => {
    const matcher = createIgnoreMatcher(['.git', 'docs', '!docs/README.md', '!**/keep'].join('\n'));
    expect(matcher.mayReinclude('docs')).toBe(true);
    expect(matcher.mayReinclude('.git')).toBe(false);
  });

  it('gives the same digest for the same rules and another one for other rules', () => {
    expect(createIgnoreMatcher('a').digest).toBe(createIgnoreMatcher('a').digest);
    expect(createIgnoreMatcher('a').digest).not.toBe(createIgnoreMatcher('b').digest);
  });
});
