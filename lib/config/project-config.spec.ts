import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProjectConfigError, readProjectConfig, RENDERED_RECORD } from './project-config.js';

describe('readProjectConfig: a .yo-rc.json that cannot be used is refused, naming the file and the fix', () => {
  let dir: string;
  let file: string;
  const write = (text: string): void => writeFileSync(file, text);
  const rendered = (): void => {
    mkdirSync(join(dir, '.data-eng'), { recursive: true });
    writeFileSync(join(dir, RENDERED_RECORD), '{}\n');
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'project-config-'));
    file = join(dir, '.yo-rc.json');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the answers, and treats a folder without .yo-rc.json as no project', async () => {
    expect(await readProjectConfig(dir)).toBeUndefined();
    write('{"generator-data-eng":{"project":{"name":"p"},"plugins":["build-cache"]}}');
    expect(await readProjectConfig(dir)).toEqual({ project: { name: 'p' }, plugins: ['build-cache'] });
  });

  it('refuses JSON that does not parse, with the file name and the fix', async () => {
    write('{"generator-data-eng": {"project": {"name": "p"}},');
    const refused = readProjectConfig(dir);
    await expect(refused).rejects.toThrow(ProjectConfigError);
    await expect(readProjectConfig(dir)).rejects.toThrow(
      new RegExp(
        `^${file.replaceAll('.', '\\.')} is not valid JSON \\(.+\\); fix it, or restore it with git checkout -- \\.yo-rc\\.json`,
      ),
    );
  });

  it('refuses null, a list and a string, saying what the file holds', async () => {
    for (const [text, kind] of [
      ['null', 'null'],
      ['[]', 'a list'],
      ['"x"', 'a string'],
    ]) {
      write(text);
      await expect(readProjectConfig(dir), text).rejects.toThrow(
        `${file} holds ${kind}, not an object with "generator-data-eng" answers`,
      );
    }
  });

  it("is no project when only another generator's answers are there, but refuses them in a rendered project", async () => {
    write('{"other":{}}');
    expect(await readProjectConfig(dir)).toBeUndefined();
    rendered();
    await expect(readProjectConfig(dir)).rejects.toThrow(
      `${file} has no "generator-data-eng" answers, but .data-eng/rendered.json shows a data-eng project here`,
    );
  });

  it('refuses answers of the wrong shape, naming the key', async () => {
    write('{"generator-data-eng":null}');
    await expect(readProjectConfig(dir)).rejects.toThrow(`"generator-data-eng" in ${file} holds null`);
    write('{"generator-data-eng":{"project":{"name":"p"},"plugins":"build-cache"}}');
    await expect(readProjectConfig(dir)).rejects.toThrow(
      `"plugins" in ${file} must be a list of plugin names`,
    );
    write('{"generator-data-eng":{"postgres":7}}');
    await expect(readProjectConfig(dir)).rejects.toThrow(
      `"postgres" in ${file} must be an object of answers`,
    );
  });
});
