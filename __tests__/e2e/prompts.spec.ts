import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { caFile } from '../helpers/ca-file.js';
import { BUILTIN_PLUGIN_NAMES } from '../../lib/project/part-names.js';
import { installInto, packPackage } from '../helpers/pack.js';
import { REPO_ROOT } from '../helpers/paths.js';
import { runInTerminal } from '../helpers/terminal.js';
import { syntheticTemplateProject } from '../helpers/template-project.js';

/** The screen of one question: from where it is asked to where it is answered (✔). */
function screenOf(output: string, question: string): string {
  const start = output.indexOf(`? ${question}`);
  const end = output.indexOf(`✔ ${question}`, start);
  expect(start, `"${question}" was not asked`).toBeGreaterThanOrEqual(0);
  return output.slice(start, end < 0 ? undefined : end);
}

const answersIn = (dir: string) =>
  JSON.parse(readFileSync(join(dir, '.yo-rc.json'), 'utf8'))['generator-data-eng'] as Record<
    string,
    Record<string, unknown>
  >;

// The packed package at a terminal, typed at as a person does: each question checks its own answer.
describe('e2e: prompts that catch a mistake at the question, and reconfigure', () => {
  let home: string;
  let bin: string;
  let project: string;

  beforeAll(() => {
    home = mkdtempSync(join(tmpdir(), 'data-eng-prompts-'));
    installInto(home, [packPackage()]);
    bin = join(home, 'node_modules', '.bin', 'data-eng');
    project = join(home, 'prompted');
  });

  it('new lists only the Python versions the chosen Airflow publishes, and the plugins there are to pick', async () => {
    const { status, output } = await runInTerminal(`${bin} new prompted --skip-install`, home, (prompt) => {
      // The defaults first (orchestrator-compose, build-cache), then orchestrator-dcsm: down three times to
      // orchestrator-kubernetes, space to pick it, Enter.
      if (prompt.startsWith('Plugins to enable')) return '\x1b[B\x1b[B\x1b[B \r';
      return '\r';
    });
    expect(status, output.slice(-2000)).toBe(0);
    // Airflow 3.0.6, the default, publishes images for Python 3.11 and 3.12 only.
    const python = screenOf(output, 'Python version of the Airflow image');
    expect(python).toContain('3.11');
    expect(python).toContain('3.12');
    expect(python).not.toContain('3.13');
    // The built-in plugins, to pick from rather than to spell, the defaults already picked.
    const plugins = screenOf(output, 'Plugins to enable');
    for (const name of BUILTIN_PLUGIN_NAMES) expect(plugins).toContain(name);
    expect(answersIn(project).plugins).toEqual([
      'orchestrator-compose',
      'build-cache',
      'orchestrator-kubernetes',
    ]);
  });

  it('a host port another part holds is refused at the later question, which is asked again', async () => {
    const { status, output } = await runInTerminal(`${bin} new ported --skip-install`, home, (prompt) => {
      if (prompt.startsWith('Host port for PostgreSQL')) return '\x158080\r';
      // The Airflow UI's default, 8080, is now PostgreSQL's: refused, then another port.
      if (prompt.startsWith('Host port of the Airflow UI')) return ['\r', '\x158081\r'];
      return '\r';
    });
    expect(status, output.slice(-2000)).toBe(0);
    expect(output.replace(/\r?\n/g, '')).toContain(
      "> Invalid airflow.apiPort (--airflow-port): 8080; host port 8080 is already postgres.port (--postgres-port)'s: choose another port.",
    );
    const ported = answersIn(join(home, 'ported'));
    expect([ported.postgres!.port, ported.airflow!.apiPort]).toEqual([8080, 8081]);
    // A re-run may move several ports at once, even onto each other's old ones.
    const swapped = spawnSync(
      bin,
      ['new', 'ported', '--defaults', '--skip-install', '--postgres-port', '8081', '--airflow-port', '8080'],
      { cwd: home, encoding: 'utf8' },
    );
    expect(swapped.status, swapped.stderr).toBe(0);
    const after = answersIn(join(home, 'ported'));
    expect([after.postgres!.port, after.airflow!.apiPort]).toEqual([8081, 8080]);
  });

  it('add <part> asks nothing for a part already answered; --ask-answered asks it all again, the stored answers as defaults', async () => {
    const quiet = await runInTerminal(`${bin} add postgres --skip-install`, project, () => '\r');
    expect(quiet.status, quiet.output.slice(-2000)).toBe(0);
    expect(quiet.prompts).toEqual([]);

    const before = answersIn(project).postgres!;
    const { status, output, prompts } = await runInTerminal(
      `${bin} add postgres --ask-answered --skip-install`,
      project,
      (prompt) => (prompt.startsWith('Host port for PostgreSQL') ? '\x155544\r' : '\r'),
    );
    expect(status, output.slice(-2000)).toBe(0);
    expect(prompts).toEqual([
      'PostgreSQL major version',
      'Host port for PostgreSQL, bound to 127.0.0.1',
      'Name of the analytics database, kept apart from Airflow metadata',
      'Role that owns the analytics database',
    ]);
    // Enter kept every stored answer but the one retyped.
    expect(answersIn(project).postgres).toEqual({ ...before, port: 5544 });
    expect(readFileSync(join(project, '.env'), 'utf8')).toMatch(/^POSTGRES_PORT=5544$/m);

    // Without a terminal nobody can answer again: refused in one sentence, not a run that silently asks nothing.
    const piped = spawnSync(bin, ['add', 'postgres', '--ask-answered', '--skip-install'], {
      cwd: project,
      encoding: 'utf8',
      input: '',
    });
    expect(piped.status).toBe(2);
    expect(piped.stderr).toContain(
      '--ask-answered asks every question again at a terminal, and stdin is not one here; to change an answer without a terminal, pass its flag or --answers FILE.',
    );
    expect(answersIn(project).postgres).toEqual({ ...before, port: 5544 });
  });

  it('add windows-auth checks the CA file at its question and asks again, instead of failing after every question', async () => {
    const ca = caFile('prompted');
    const { status, output } = await runInTerminal(
      `${bin} add windows-auth --skip-install`,
      project,
      (prompt) => (prompt.startsWith('Corporate root CA') ? ['\r', `\x15${ca}\r`] : '\r'),
    );
    expect(status, output.slice(-2000)).toBe(0);
    // The terminal wraps long lines: read the message unwrapped.
    expect(output.replace(/\r?\n/g, '')).toMatch(
      /> Invalid windows-auth\.caFile \(--ad-ca-file\): "certs\/ad-ca\.pem"; the corporate root CA is not in certs\/ad-ca\.pem yet/,
    );
    expect(readFileSync(join(project, 'certs/ad-ca.pem'), 'utf8')).toBe(readFileSync(ca, 'utf8'));
    expect(answersIn(project)['windows-auth']!.caFile).toBe('certs/ad-ca.pem');
    expect(existsSync(join(project, 'docker/windows-auth/krb5.conf'))).toBe(true);

    // Enter at every question of --ask-answered keeps every answer, a list of DNs (commas inside) included: here
    // a mapping stored before Admin was required, which its stored exemption keeps only if it arrives whole.
    const yoRc = join(project, '.yo-rc.json');
    const raw = JSON.parse(readFileSync(yoRc, 'utf8'));
    raw['generator-data-eng']['windows-auth'].roleMapping = [
      'Viewer=CN=Staff,OU=Groups,DC=corp,DC=example,DC=com',
    ];
    writeFileSync(yoRc, JSON.stringify(raw, null, 2));
    const before = answersIn(project)['windows-auth'];
    const again = await runInTerminal(
      `${bin} add windows-auth --ask-answered --skip-install`,
      project,
      () => '\r',
      30_000,
    );
    expect(again.status, again.output.slice(-2000)).toBe(0);
    expect(again.prompts.some((prompt) => prompt.startsWith('Corporate root CA'))).toBe(true);
    expect(answersIn(project)['windows-auth']).toEqual(before);
  });

  it('the hints after new name a command that works here: the bin by its path when data-eng is not on the PATH', () => {
    const made = spawnSync(bin, ['new', 'hinted', '--defaults', '--skip-install'], {
      cwd: home,
      encoding: 'utf8',
      env: { ...process.env, PATH: `${dirname(process.execPath)}:/usr/bin:/bin` },
    });
    expect(made.status, made.stderr).toBe(0);
    const next = /Next: (.+) doctor, then \1 up\./.exec(made.stderr);
    expect(next, made.stderr).not.toBeNull();
    expect(next![1]).toMatch(/^node \S+\/bin\/data-eng\.js$/);
    // The hint, typed as printed, runs this data-eng.
    const [node, script] = next![1]!.split(' ') as [string, string];
    const version = spawnSync(node, [script, '--version'], { cwd: join(home, 'hinted'), encoding: 'utf8' });
    expect(version.stdout.trim()).toBe(
      JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).version,
    );
  });

  it('adopt asks only what the template project does not say, and asks again after a bad answer', async () => {
    const dir = syntheticTemplateProject();
    const { status, output, prompts } = await runInTerminal(`${bin} adopt`, dir, (prompt) => {
      if (prompt.startsWith('One-line description')) return 'Daily sales numbers\r';
      // "airflow" owns the metadata database: refused at the question, asked again.
      if (prompt.startsWith('Role that owns the analytics database')) return ['airflow\r', 'reporting\r'];
      return '\r';
    });
    expect(status, output.slice(-2000)).toBe(0);
    expect(output).toContain('the role "airflow" owns the metadata database');
    // Read from the files, so not asked: the name, the title, the versions, the database.
    for (const inferred of [
      'Project name',
      'Human title',
      'Apache Airflow version',
      'Name of the analytics database',
    ])
      expect(prompts.filter((prompt) => prompt.startsWith(inferred))).toEqual([]);
    const answers = answersIn(dir);
    expect(answers.project).toMatchObject({ name: 'sales-pipeline', description: 'Daily sales numbers' });
    expect(answers.postgres).toMatchObject({ analyticsDatabase: 'sales', analyticsUser: 'reporting' });
    expect(output).toContain('Adopted:');
  });
});
