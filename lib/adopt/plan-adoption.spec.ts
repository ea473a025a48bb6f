import '../../cli/catalog.js';
import { mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseDotenv } from '../config/dotenv.js';
import { adoptProject } from './adopt-project.js';
import { planAdoption } from './plan-adoption.js';
import { snapshot } from '../../__tests__/helpers/tree.js';
import {
  commitAll,
  gitIgnores,
  SYNTHETIC_FERNET as FERNET,
  syntheticTemplateProject as templateProject,
} from '../../__tests__/helpers/template-project.js';

const never = async (): Promise<never> => {
  throw new Error('asked a question');
};

describe('planAdoption', () => {
  it('infers the answers from the files and asks nothing it could read', async () => {
    const dir = templateProject();
    const asked: string[] = [];
    const plan = await planAdoption(dir, {
      defaults: false,
      interactive: true,
      answers: {},
      ask: async (spec, defaultValue) => {
        asked.push(spec.name);
        return defaultValue;
      },
    });
    if (!plan.adopted) throw new Error(plan.reason);
    expect(plan.config).toMatchObject({
      project: { name: 'sales-pipeline', title: 'Sales Pipeline', license: 'none' },
      postgres: { version: '17', analyticsDatabase: 'sales' },
      airflow: { version: '3.0.6', pythonVersion: '3.12', executor: 'LocalExecutor' },
      plugins: ['orchestrator-compose', 'build-cache'],
    });
    for (const inferred of ['name', 'title', 'version', 'analyticsDatabase', 'pythonVersion', 'executor'])
      expect(asked).not.toContain(inferred);
    expect(asked).toContain('analyticsUser');
    // Each version is credited to the file it was read from.
    expect(plan.report.inferred).toEqual(
      expect.arrayContaining([
        { answer: 'postgres.version', value: '17', from: '.devcontainer/.env POSTGRES_VERSION' },
        {
          answer: 'airflow.version',
          value: '3.0.6',
          from: '.devcontainer/compose.yaml airflow-scheduler image',
        },
      ]),
    );
  });

  it('writes nothing with --dry-run, then adopts; the report never holds a secret value; a second run is a no-op', async () => {
    const dir = templateProject();
    const before = readdirSync(dir).sort();
    const dry = await adoptProject(dir, { defaults: true, interactive: false, dryRun: true });
    expect(readdirSync(dir).sort()).toEqual(before);
    expect(dry.text).toContain('Dry run: nothing written');
    const done = await adoptProject(dir, { defaults: true, interactive: false, dryRun: false });
    const shown = JSON.stringify(done.json) + done.text + readFileSync(join(dir, 'docs/adoption.md'), 'utf8');
    for (const secret of [FERNET, 'wh0-kn0ws']) expect(shown).not.toContain(secret);
    // One blank line between sections; each moved secret named by its variable, however its file spells the reference.
    expect(done.text).not.toMatch(/\n\n\n/);
    expect(done.text).toMatch(/: a literal \w[\w ]* now comes from `[A-Z_]+` in \.env/);
    const env = parseDotenv(readFileSync(join(dir, '.env'), 'utf8'));
    expect(env).toMatchObject({ AIRFLOW_FERNET_KEY: FERNET, POSTGRES_PASSWORD: 'wh0-kn0ws' });
    expect(readFileSync(join(dir, '.data-eng/adopted/.devcontainer/compose.yaml'), 'utf8')).not.toContain(
      FERNET,
    );
    expect(readFileSync(join(dir, '.data-eng/adopted/Makefile'), 'utf8')).toBe('up:\n\tpodman compose up\n');
    const again = await adoptProject(dir, { defaults: true, interactive: false, dryRun: false });
    expect(again.json).toMatchObject({ adopted: false });
  });

  it('interrupted before writing, writes nothing; interrupted while writing, puts back every file it wrote', async () => {
    const dir = templateProject();
    const before = snapshot(dir);
    const stopped = new AbortController();
    stopped.abort(new Error('SIGTERM'));
    await expect(
      adoptProject(dir, { defaults: true, interactive: false, dryRun: false, signal: stopped.signal }),
    ).rejects.toMatchObject({
      name: 'AbortError',
      signal: 'SIGTERM',
      message: expect.stringContaining('nothing was written'),
    });
    expect(snapshot(dir)).toEqual(before);
    // Ctrl-C that lands after the first file is written (the signal is read once before the writes, then after each).
    let reads = 0;
    const midway = {
      get aborted() {
        return ++reads > 1;
      },
      reason: new Error('SIGINT'),
    } as AbortSignal;
    await expect(
      adoptProject(dir, { defaults: true, interactive: false, dryRun: false, signal: midway }),
    ).rejects.toMatchObject({
      name: 'AbortError',
      signal: 'SIGINT',
      message: expect.stringContaining('every file is back as it was'),
    });
    expect(reads).toBe(2);
    expect(snapshot(dir)).toEqual(before);
  });

  it('without a terminal or --defaults, names the question the files do not answer', async () => {
    const dir = templateProject();
    await expect(
      planAdoption(dir, { defaults: false, interactive: false, answers: {}, ask: never }),
    ).rejects.toThrow(
      /^Missing answer project\.description \(One-line description of the project\): the project.s files do not give it.*--answers FILE holding \{"project": \{"description"/,
    );
  });

  it('refuses a folder that is not a template project, naming what it needs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'adopt-plan-empty-'));
    await expect(
      planAdoption(dir, { defaults: true, interactive: false, answers: {}, ask: never }),
    ).rejects.toThrow(/not a project made from data-eng-template: it needs \.devcontainer\/compose\.yaml/);
  });

  it('refuses a file that is a link out of the project, before writing anything', async () => {
    const outside = join(mkdtempSync(join(tmpdir(), 'adopt-outside-')), 'Makefile');
    writeFileSync(outside, 'all:\n');
    const dir = templateProject({ Makefile: '' });
    const link = join(dir, 'Makefile');
    (await import('node:fs')).rmSync(link);
    symlinkSync(outside, link);
    const before = readdirSync(dir).sort();
    await expect(adoptProject(dir, { defaults: true, interactive: false, dryRun: false })).rejects.toThrow(
      /Makefile is a symbolic link to .*outside the project/,
    );
    expect(readdirSync(dir).sort()).toEqual(before);
    expect(readFileSync(outside, 'utf8')).toBe('all:\n');
  });

  it('refuses a folder where it writes a file, before writing anything', async () => {
    const dir = templateProject();
    (await import('node:fs')).mkdirSync(join(dir, '.data-eng', 'rendered.json'), { recursive: true });
    const before = readdirSync(dir).sort();
    await expect(adoptProject(dir, { defaults: true, interactive: false, dryRun: false })).rejects.toThrow(
      /^\.data-eng\/rendered\.json is a folder where data-eng adopt writes a file; move the folder away/,
    );
    expect(readdirSync(dir).sort()).toEqual(before);
    expect(readFileSync(join(dir, '.devcontainer/compose.yaml'), 'utf8')).toContain('airflow-scheduler');
  });

  it('refuses a .env that git tracks, since the secrets go there', async () => {
    const dir = templateProject({ '.env': 'MINE=1\n' });
    commitAll(dir);
    await expect(
      planAdoption(dir, { defaults: true, interactive: false, answers: {}, ask: never }),
    ).rejects.toThrow(
      ".env is tracked by git, and adoption writes the project's secrets into it; stop tracking it (git rm --cached .env, then commit), then run data-eng adopt again.",
    );
  });
  it('refuses a file where it needs a folder, naming the file, before writing anything', async () => {
    const dir = templateProject({ '.data-eng': 'not a folder\n' });
    const before = readdirSync(dir).sort();
    await expect(adoptProject(dir, { defaults: true, interactive: false, dryRun: false })).rejects.toThrow(
      /^\.data-eng is a file where data-eng adopt needs a folder \(for \.data-eng\/[^)]+\); move the file away/,
    );
    expect(readdirSync(dir).sort()).toEqual(before);
  });

  it("carries a service's top-level secret with its file read from the project root, and reports a secret it cannot move", async () => {
    const compose = readFileSync(join(templateProject(), '.devcontainer/compose.yaml'), 'utf8');
    const dir = templateProject({
      '.devcontainer/compose.yaml':
        compose +
        '  vault-agent:\n    image: vault:1\n    secrets: [vault_token]\nsecrets:\n  vault_token:\n    file: ./vault-token.txt\n',
      '.devcontainer/vault-token.txt': 'token\n',
      'conf/api.yaml': 'api_key: "it\'s-mine"\n',
      'docker/etl.Dockerfile': 'FROM python:3.12\nENV WAREHOUSE_PASSWORD=wh-S3cret\n',
      'Dockerfile.airflow': 'FROM apache/airflow:3.0.6-python3.12\nARG PIP_TOKEN=tok-1234\n',
    });
    const outcome = await adoptProject(dir, { defaults: true, interactive: false, dryRun: false });
    const adopted = parse(readFileSync(join(dir, 'compose.yaml'), 'utf8')) as {
      secrets: Record<string, { file: string }>;
    };
    const file = adopted.secrets.vault_token!.file;
    expect(readFileSync(join(dir, file), 'utf8')).toBe('token\n');
    expect(outcome.plan.adopted && outcome.plan.report.byHand).toContainEqual(
      expect.stringMatching(
        /^conf\/api\.yaml:1 still holds the secret under "api_key": .*move it out by hand\.$/,
      ),
    );
    expect(readFileSync(join(dir, 'conf/api.yaml'), 'utf8')).toBe('api_key: "it\'s-mine"\n');
    expect(outcome.plan.adopted && outcome.plan.report.byHand).toContainEqual(
      expect.stringMatching(/^docker\/etl\.Dockerfile:2 bakes the secret WAREHOUSE_PASSWORD into the image/),
    );
    // Their replaced Dockerfile is kept, not built: the secret is in the old image's layers.
    expect(outcome.plan.adopted && outcome.plan.report.byHand).toContainEqual(
      expect.stringMatching(
        /^\.data-eng\/adopted\/Dockerfile\.airflow:2 \(kept, no longer built\) set the secret PIP_TOKEN/,
      ),
    );
  });

  it("names the dependencies the new image does not install: the old stack's and those of a replaced requirements.txt", async () => {
    const dir = templateProject({
      'requirements.txt': 'pandas==2.2.3\nrequests>=2\n',
      'airflow/requirements.txt': 'pandas==2.2.3\npolars\n',
      'config/service.json': '{"api_key": "json-key-1"}\n',
      'scripts/load.sh': "PGPASSWORD='s3cr3t-x' psql\n",
    });
    const plan = await planAdoption(dir, { defaults: true, interactive: false, answers: {}, ask: never });
    if (!plan.adopted) throw new Error(plan.reason);
    const replaced = plan.report.replaced.find((r) => r.path === 'requirements.txt');
    expect(replaced).toBeDefined();
    expect(plan.report.byHand).toEqual(
      expect.arrayContaining([
        'airflow/requirements.txt is not installed by the new image: add what you still need to requirements.txt (pandas==2.2.3, polars), then data-eng build.',
        `requirements.txt was replaced (yours is ${replaced!.movedTo}): copy the dependencies you still need into it (pandas==2.2.3, requests>=2), then data-eng build.`,
        expect.stringMatching(
          /^config\/service\.json now holds \$\{ADOPTED_CONFIG_SERVICE_API_KEY\}, which a json file does not expand/,
        ),
        expect.stringMatching(
          /^scripts\/load\.sh now reads \$\{ADOPTED_SCRIPTS_LOAD_PGPASSWORD\} from the environment: load \.env first/,
        ),
      ]),
    );
  });

  it("un-ignores every file it writes that the team's .gitignore would hide, but .env and what git ignored before", async () => {
    const dir = templateProject({ '.gitignore': '*.json\ndocs/\n*.backup\n', 'Makefile.backup': 'old\n' });
    commitAll(dir);
    await adoptProject(dir, { defaults: true, interactive: false, dryRun: false });
    const ignored = (path: string) => gitIgnores(dir, path);
    for (const path of [
      '.yo-rc.json',
      '.data-eng/rendered.json',
      'docs/adoption.md',
      '.data-eng/adopted/Makefile',
    ])
      expect(ignored(path), path).toBe(false);
    expect(ignored('.env')).toBe(true);
    expect(ignored('docs/other.md')).toBe(true);
  });

  it("un-ignores a file a subfolder's .gitignore hides in that .gitignore, which outranks the root's, and reports it", async () => {
    const dir = templateProject({
      'docs/.gitignore': '*.md\n',
      'conf/.gitignore': 'env/\n',
      // Hidden twice: by the root's folder line, then, once that is opened, by a pattern of a subfolder's file.
      '.gitignore': 'local/\n',
      'conf/local/.gitignore': '*.example\n',
    });
    commitAll(dir);
    const outcome = await adoptProject(dir, { defaults: true, interactive: false, dryRun: false });
    const ignored = (path: string) => gitIgnores(dir, path);
    const created = outcome.plan.adopted ? outcome.plan.writes.map((w) => w.path) : [];
    const confEnv = created.filter((path) => path.startsWith('conf/env/'));
    expect(confEnv.length).toBeGreaterThan(0);
    const localExample = created.filter(
      (path) => path.startsWith('conf/local/') && !path.endsWith('.gitignore'),
    );
    expect(localExample.length).toBeGreaterThan(0);
    for (const path of ['docs/adoption.md', ...confEnv, ...localExample])
      expect(ignored(path), path).toBe(false);
    expect(ignored('docs/notes.md')).toBe(true);
    expect(readFileSync(join(dir, 'docs/.gitignore'), 'utf8')).toMatch(
      /^\*\.md\n[\s\S]*\n!\/adoption\.md\n$/,
    );
    expect(outcome.plan.adopted && outcome.plan.report.merged.map((m) => m.path)).toEqual(
      expect.arrayContaining(['docs/.gitignore', 'conf/.gitignore']),
    );
    expect(readFileSync(join(dir, 'docs/adoption.md'), 'utf8')).toContain('docs/.gitignore');
  });
});
