import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { mergeFile } from './merge-file.js';

const base = 'services:\n  db:\n    image: postgres:16\n';

describe('mergeFile', () => {
  it('keeps the user comments in YAML while applying new keys', () => {
    const ours =
      '# my notes\nservices:\n  db:\n    image: postgres:16 # pinned by ops\n  mine:\n    image: busybox\n';
    const theirs = 'services:\n  db:\n    image: postgres:16\n    restart: always\n';
    const result = mergeFile({
      path: 'compose.yaml',
      format: 'yaml',
      base,
      ours,
      theirs,
      preferTheirs: false,
    });
    expect(result.conflicts).toEqual([]);
    expect(result.content).toContain('# my notes');
    expect(result.content).toContain('# pinned by ops');
    expect(parse(result.content!)).toEqual({
      services: { db: { image: 'postgres:16', restart: 'always' }, mine: { image: 'busybox' } },
    });
  });

  it("keeps each of the user's lines as they spaced it: blanks before a comment, at a line's end", () => {
    const ours = 'settings:\n  log_level: INFO  # DEBUG, INFO\n  \n  dry_run: false    # preview only\n';
    const theirs = 'settings:\n  log_level: INFO\n  batch_size: 1000\n';
    const result = mergeFile({
      path: 'conf/config.yaml',
      format: 'yaml',
      base: undefined,
      ours,
      theirs,
      preferTheirs: false,
    });
    const lines = result.content!.split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        '  log_level: INFO  # DEBUG, INFO',
        '  ',
        '  dry_run: false    # preview only',
      ]),
    );
    expect(parse(result.content!)).toEqual({
      settings: { log_level: 'INFO', dry_run: false, batch_size: 1000 },
    });
  });

  it("takes the rendering's new leading comment while the user left the old one, and keeps an edited one", () => {
    const rendered = '# Values: old note\n\nimage: a\n';
    const next = '# Values: new note\n\nimage: a\nlogs: on\n';
    const merge = (ours: string) =>
      mergeFile({
        path: 'values.yaml',
        format: 'yaml',
        base: rendered,
        ours,
        theirs: next,
        preferTheirs: false,
      });
    const kept = merge('# Values: old note\n\nimage: a\nmine: 1\n');
    expect(kept.content).toMatch(/^# Values: new note\n/);
    expect(parse(kept.content!)).toEqual({ image: 'a', mine: 1, logs: 'on' });
    const unchangedValues = mergeFile({
      path: 'values.yaml',
      format: 'yaml',
      base: rendered,
      ours: rendered,
      theirs: '# Values: new note\n\nimage: a\n',
      preferTheirs: false,
    });
    expect(unchangedValues.content).toBe('# Values: new note\n\nimage: a\n');
    expect(merge('# My own header\n\nimage: a\n').content).toMatch(/^# My own header\n/);
  });

  it('creates a file that does not exist yet', () => {
    expect(
      mergeFile({
        path: 'a.yaml',
        format: 'yaml',
        base: undefined,
        ours: undefined,
        theirs: base,
        preferTheirs: false,
      }),
    ).toEqual({ content: base, conflicts: [] });
  });

  it('leaves a file the user deleted deleted when the rendering did not change', () => {
    expect(
      mergeFile({ path: 'a.yaml', format: 'yaml', base, ours: undefined, theirs: base, preferTheirs: false }),
    ).toEqual({ content: undefined, conflicts: [] });
  });

  it('reports an unparseable user file instead of overwriting it', () => {
    const result = mergeFile({
      path: 'a.json',
      format: 'json',
      base: '{}',
      ours: '{ broken',
      theirs: '{"a":1}',
      preferTheirs: false,
    });
    expect(result.content).toBe('{ broken');
    expect(result.conflicts[0]!.ours).toMatch(/unparseable json/);
  });

  it('merges text files line by line and reports overlapping edits with both sides', () => {
    const textBase = 'a\nb\nc\nd\ne\n';
    const ours = 'a\nB-mine\nc\nd\ne\n';
    const clean = mergeFile({
      path: 'Dockerfile',
      format: 'text',
      base: textBase,
      ours,
      theirs: 'a\nb\nc\nd\nE-new\n',
      preferTheirs: false,
    });
    expect(clean).toEqual({ content: 'a\nB-mine\nc\nd\nE-new\n', conflicts: [] });
    const clash = mergeFile({
      path: 'Dockerfile',
      format: 'text',
      base: textBase,
      ours,
      theirs: 'a\nB-new\nc\nd\ne\n',
      preferTheirs: false,
    });
    expect(clash.conflicts).toEqual([
      { path: 'Dockerfile', where: 'line 2', ours: 'B-mine', theirs: 'B-new' },
    ]);
    expect(clash.content).toBe(ours);
  });

  it("adds the rendering's ignore patterns to a repository's own .gitignore, keeping every line of it", () => {
    for (const preferTheirs of [false, true]) {
      const result = mergeFile({
        path: '.gitignore',
        format: 'text',
        base: undefined,
        ours: 'mine/\n*.log\n.env\n',
        theirs: '# Secrets\n.env\n!.env.example\n',
        preferTheirs,
      });
      expect(result.conflicts).toEqual([]);
      expect(result.content!.split('\n')).toEqual([
        'mine/',
        '*.log',
        '.env',
        '',
        '# Added by data-eng',
        '# Secrets',
        '!.env.example',
        '',
      ]);
    }
  });
});
