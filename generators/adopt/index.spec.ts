import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import helpers from 'yeoman-test';
import { generatorPath } from '../../__tests__/helpers/paths.js';
import { SYNTHETIC_FERNET, syntheticTemplateProject } from '../../__tests__/helpers/template-project.js';

const run = (dir: string, options: Record<string, unknown>) =>
  helpers
    .run(generatorPath('adopt'))
    .cd(dir)
    .withOptions({ interactive: false, ...options } as Record<string, unknown>);

describe('yo data-eng:adopt', () => {
  it('adopts the template project in the current folder, as data-eng adopt does', async () => {
    const dir = syntheticTemplateProject();
    await run(dir, { defaults: true });
    const config = JSON.parse(readFileSync(join(dir, '.yo-rc.json'), 'utf8'))['generator-data-eng'];
    expect(config).toMatchObject({
      project: { name: 'sales-pipeline' },
      postgres: { analyticsDatabase: 'sales' },
    });
    expect(readFileSync(join(dir, 'docs/adoption.md'), 'utf8')).toContain('# Adoption of sales-pipeline');
    expect(existsSync(join(dir, 'compose.yaml'))).toBe(true);
    expect(existsSync(join(dir, '.devcontainer/compose.yaml'))).toBe(false);
    expect(readFileSync(join(dir, '.data-eng/adopted/.devcontainer/compose.yaml'), 'utf8')).not.toContain(
      SYNTHETIC_FERNET,
    );
  });

  it('writes nothing with --dry-run', async () => {
    const dir = syntheticTemplateProject();
    await run(dir, { defaults: true, dryRun: true });
    expect(existsSync(join(dir, '.yo-rc.json'))).toBe(false);
    expect(existsSync(join(dir, 'docs/adoption.md'))).toBe(false);
  });

  it('refuses a missing answer without a terminal, writing nothing', async () => {
    const dir = syntheticTemplateProject();
    await expect(run(dir, {})).rejects.toThrow(/Missing answer project\.description/);
    expect(existsSync(join(dir, '.yo-rc.json'))).toBe(false);
  });
});
