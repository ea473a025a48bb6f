import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Command } from 'commander';
import { ENVIRONMENT_OPTIONS } from '../../lib/project/environments.js';
import { registerEnv } from './env.js';

describe('data-eng env add --help and docs/environments.md', () => {
  it("name every environment question's flag", () => {
    const program = new Command();
    registerEnv(program);
    const add = program.commands.find((c) => c.name() === 'env')!.commands.find((c) => c.name() === 'add')!;
    let help = '';
    add.configureOutput({ writeOut: (text) => (help += text) });
    add.outputHelp();
    const docs = readFileSync(new URL('../../docs/environments.md', import.meta.url), 'utf8');
    for (const spec of ENVIRONMENT_OPTIONS) {
      expect(help, spec.flag).toContain(`--${spec.flag}`);
      expect(docs, spec.flag).toContain(`\`--${spec.flag}\``);
    }
  });
});
