import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATA_ENG_BIN, REPO_ROOT } from '../helpers/paths.js';
import { runGenerator } from '../helpers/run-generator.js';

/** The code of a Markdown text: fenced blocks line by line, and inline code spans. */
function codeOf(markdown: string): string[] {
  const code: string[] = [];
  const prose = markdown.replace(/^```[^\n]*\n([\s\S]*?)^```/gm, (_, block: string) => {
    code.push(...block.split('\n'));
    return '';
  });
  for (const match of prose.matchAll(/`([^`\n]+)`/g)) code.push(match[1]!);
  return code;
}

/** The package each `npx` in a line of code runs: `-p X`, `--package=X` or the first word. */
function npxPackages(line: string): string[] {
  const packages: string[] = [];
  for (const match of line.matchAll(/(?:^|[\s;&|(])npx\s+([^;&|)#]*)/g)) {
    const words = match[1]!.trim().split(/\s+/);
    let named: string | undefined;
    for (let i = 0; i < words.length && !named; i++) {
      const word = words[i]!;
      if (word === '-p' || word === '--package') named = words[i + 1];
      else if (word.startsWith('--package=')) named = word.slice('--package='.length);
      else if (!word.startsWith('-')) named = word;
    }
    packages.push(named ?? '');
  }
  return packages;
}

/** The verbs given to the data-eng command in a line of code (`yo data-eng` takes none). */
function dataEngVerbs(line: string): string[] {
  // Where a command starts: the line or span, after a shell separator, or after npx's package option.
  const start =
    /(?:^|[;&|(]\s*|\$\s+|npx\s+(?:-p|--package)[ =]generator-data-eng\s+)data-eng\s+([a-z][a-z-]*)/g;
  return [...line.trim().matchAll(start)].map((match) => match[1]!);
}

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter(
      (entry) => entry.isFile() && entry.name.endsWith('.md') && !entry.parentPath.includes('node_modules'),
    )
    .map((entry) => join(entry.parentPath, entry.name));
}

describe('commands the docs give work as written', () => {
  // Top-level commands of this build's data-eng, from its own --help.
  const help = execFileSync(process.execPath, [DATA_ENG_BIN, '--help'], { encoding: 'utf8' });
  const verbs = new Set(
    [...help.slice(help.indexOf('Commands:')).matchAll(/^ {2}([a-z][a-z-]*)/gm)].map((match) => match[1]!),
  );

  async function documents(): Promise<Record<string, string>> {
    const project = await runGenerator('app', { name: 'doc-commands' });
    const ca = join(project.cwd, '..', `${basename(project.cwd)}-ca.pem`);
    writeFileSync(ca, '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUTest\n-----END CERTIFICATE-----\n');
    await runGenerator('windows-auth', { 'ad-ca-file': ca }, project.cwd);
    const plugin = await runGenerator('plugin', { name: 'data-eng-plugin-docs' });
    const files = [
      join(REPO_ROOT, 'README.md'),
      ...markdownFiles(join(REPO_ROOT, 'docs')),
      ...markdownFiles(join(REPO_ROOT, 'examples')),
      ...markdownFiles(project.cwd).filter((file) => !file.includes('/.data-eng/')),
      ...markdownFiles(plugin.cwd),
    ];
    return Object.fromEntries(files.map((file) => [file, readFileSync(file, 'utf8')]));
  }

  it('every npx names generator-data-eng, and every data-eng verb exists', async () => {
    expect([...verbs]).toEqual(expect.arrayContaining(['new', 'add', 'plugins', 'up', 'doctor', 'auth']));
    const docs = await documents();
    const wrong: string[] = [];
    let npxSeen = 0;
    let verbsSeen = 0;
    for (const [file, text] of Object.entries(docs)) {
      for (const line of codeOf(text)) {
        for (const name of npxPackages(line)) {
          npxSeen++;
          if (name !== 'generator-data-eng') wrong.push(`${file}: npx runs "${name}" in: ${line}`);
        }
        for (const verb of dataEngVerbs(line)) {
          verbsSeen++;
          if (!verbs.has(verb)) wrong.push(`${file}: data-eng has no command "${verb}" in: ${line}`);
        }
      }
    }
    expect(wrong).toEqual([]);
    // The docs do give such commands: the checks above saw some.
    expect(npxSeen).toBeGreaterThan(3);
    expect(verbsSeen).toBeGreaterThan(20);
  });

  it('the extraction catches the commands it exists to catch', () => {
    expect(npxPackages('npx data-eng plugins add x')).toEqual(['data-eng']);
    expect(npxPackages('cd x && npx -p generator-data-eng data-eng up')).toEqual(['generator-data-eng']);
    expect(npxPackages('npx --yes --package=generator-data-eng data-eng new')).toEqual([
      'generator-data-eng',
    ]);
    expect(dataEngVerbs('yo data-eng --defaults; data-eng upp')).toEqual(['upp']);
    expect(dataEngVerbs('npx -p generator-data-eng data-eng up')).toEqual(['up']);
    expect(dataEngVerbs('{ "message": "No data-eng project here" }')).toEqual([]);
  });
});
