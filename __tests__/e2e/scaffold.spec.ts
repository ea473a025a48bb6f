import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { DEFAULT_POSTGRES_VERSION, POSTGRES_VERSIONS } from '../../lib/versions.js';
import { installInto, packPackage } from '../helpers/pack.js';
import { REPO_ROOT } from '../helpers/paths.js';
import { runInTerminal } from '../helpers/terminal.js';

// The packed package installed into an empty folder and driven as a user would: its bin, and the real yo.
describe('e2e: the packed package', () => {
  let home: string;
  let bin: string;

  beforeAll(() => {
    home = mkdtempSync(join(tmpdir(), 'data-eng-e2e-'));
    installInto(home, [packPackage()]);
    bin = join(home, 'node_modules', '.bin', 'data-eng');
  });

  const run = (args: string[], cwd: string, input?: string) =>
    spawnSync(bin, args, {
      cwd,
      encoding: 'utf8',
      input: input ?? '',
      env: { ...process.env, FORCE_COLOR: '0' },
    });

  it('data-eng --version (-v, -V) and --help answer', () => {
    for (const flag of ['--version', '-v', '-V']) {
      const version = run([flag], home);
      expect(version.status, flag).toBe(0);
      expect(version.stdout.trim(), flag).toBe(
        JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).version,
      );
    }
    const help = run(['--help'], home);
    expect(help.status).toBe(0);
    for (const command of ['new', 'add', 'plugins', 'build', 'up', 'down', 'status', 'logs']) {
      expect(help.stdout).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
    }
  });

  it('data-eng new asks its questions in a terminal, re-asks a bad answer, takes typed answers, list choices and defaults', async () => {
    const { status, output, prompts } = await runInTerminal(
      `${bin} new asked --skip-install`,
      home,
      (prompt) => {
        // A name that would hide a module is refused at the question, which is asked again (Ctrl-U clears it).
        if (prompt.startsWith('Project name')) return ['yaml\r', '\x15asked-demo\r'];
        if (prompt.startsWith('PostgreSQL major version')) return '\x1b[B\r'; // one below the default
        return '\r';
      },
    );
    expect(status, output.slice(-2000)).toBe(0);
    expect(prompts).toEqual(
      expect.arrayContaining(['Project name: used for compose, images and the Python package']),
    );
    expect(prompts.length).toBeGreaterThan(8);
    expect(output).toMatch(/> Invalid project\.name \(--name\): "yaml"; .*choose another name/s);
    const config = JSON.parse(readFileSync(join(home, 'asked', '.yo-rc.json'), 'utf8'))['generator-data-eng'];
    expect(config.project.name).toBe('asked-demo');
    const versions = POSTGRES_VERSIONS.map(String);
    expect(String(config.postgres.version)).toBe(
      versions[versions.indexOf(String(DEFAULT_POSTGRES_VERSION)) + 1],
    );
    expect(config.plugins).toEqual(['orchestrator-compose', 'build-cache']);
    expect(statSync(join(home, 'asked', '.env')).mode & 0o777).toBe(0o600);
  });

  it('data-eng new scaffolds a project; a re-run keeps hand edits, .env byte for byte but the changed port', () => {
    const created = run(['new', 'shop', '--defaults', '--skip-install'], home);
    expect(created.stderr).not.toMatch(/error/i);
    expect(created.status).toBe(0);
    // No npm step in a Python project: Yeoman's package.json install report stays out of the output.
    expect(created.stdout + created.stderr).not.toMatch(/package\.json|package manager/);
    const project = join(home, 'shop');
    const env = readFileSync(join(project, '.env'));
    expect(statSync(join(project, '.env')).mode & 0o777).toBe(0o600);

    const compose = parse(readFileSync(join(project, 'compose.yaml'), 'utf8'));
    compose.services.postgres.environment.TZ = 'Europe/Berlin';
    compose.services.mailhog = { image: 'example/mailhog:1', ports: ['127.0.0.1:8025:8025'] };
    writeFileSync(join(project, 'compose.yaml'), stringify(compose));

    const again = run(['add', 'postgres', '--defaults', '--postgres-port', '6543'], project);
    expect(again.status).toBe(0);
    const after = parse(readFileSync(join(project, 'compose.yaml'), 'utf8'));
    expect(after.services.postgres.environment.TZ).toBe('Europe/Berlin');
    expect(after.services.mailhog).toEqual({ image: 'example/mailhog:1', ports: ['127.0.0.1:8025:8025'] });
    expect(after.services.postgres.ports).toEqual(['127.0.0.1:${POSTGRES_PORT:-6543}:5432']);
    // The changed answer reaches .env (whose POSTGRES_PORT compose reads first); every other byte is kept.
    expect(readFileSync(join(project, '.env'), 'utf8')).toBe(
      env.toString('utf8').replace(/^POSTGRES_PORT=5432$/m, 'POSTGRES_PORT=6543'),
    );
    expect(env.toString('utf8')).toMatch(/^POSTGRES_PORT=5432$/m);
    const config = JSON.parse(readFileSync(join(project, '.yo-rc.json'), 'utf8'))['generator-data-eng'];
    expect(config.postgres.port).toBe(6543);
  });

  it('without a terminal, a missing answer fails with the flag to pass and writes nothing', () => {
    const result = run(['new', 'no-answers'], home);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(
      /Missing answer project\.name .* pass --name, --defaults, or --answers FILE/,
    );
    expect(() => statSync(join(home, 'no-answers'))).toThrow();
  });

  it('a bad answer names the field and the allowed values, exits 2 and leaves no folder', () => {
    const result = run(['new', 'bad-version', '--defaults', '--postgres-version', '9'], home);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(
      'Invalid postgres.version (--postgres-version): "9"; choose one of: 15, 16, 17.',
    );
    expect(() => statSync(join(home, 'bad-version'))).toThrow();
  });

  it('replays an answers file (YAML) non-interactively', () => {
    const answers = join(home, 'answers.yaml');
    writeFileSync(
      answers,
      stringify({ project: { name: 'from-file', title: 'From "file" $HOME' }, postgres: { version: '15' } }),
    );
    const result = run(['new', 'replayed', '--answers', answers, '--defaults'], home);
    expect(result.status).toBe(0);
    const config = JSON.parse(readFileSync(join(home, 'replayed', '.yo-rc.json'), 'utf8'))[
      'generator-data-eng'
    ];
    expect(config.project).toMatchObject({ name: 'from-file', title: 'From "file" $HOME' });
    expect(config.postgres.version).toBe('15');
  });

  it("takes a built-in plugin's flag for the plugins it enables, and refuses it otherwise", () => {
    const plugins = ['--plugins', 'orchestrator-compose,orchestrator-kubernetes'];
    const made = run(
      ['new', 'k8s', '--defaults', '--skip-install', ...plugins, '--k8s-database', 'chart'],
      home,
    );
    expect(made.status, made.stderr).toBe(0);
    const config = JSON.parse(readFileSync(join(home, 'k8s', '.yo-rc.json'), 'utf8'))['generator-data-eng'];
    expect(config['orchestrator-kubernetes'].database).toBe('chart');
    const refused = run(['new', 'k8s-off', '--defaults', '--skip-install', '--k8s-database', 'chart'], home);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/--k8s-database answers a question of the plugin orchestrator-kubernetes/);
    expect(() => statSync(join(home, 'k8s-off'))).toThrow();
  });

  it('--dry-run writes nothing', () => {
    const result = run(['new', 'dry', '--defaults', '--dry-run'], home);
    expect(result.status).toBe(0);
    expect(() => statSync(join(home, 'dry'))).toThrow();
  });

  it('a conflicting edit fails without a terminal, naming both sides; --keep-yours keeps yours, --force takes the new rendering, for that key only', () => {
    expect(run(['new', 'clash', '--defaults', '--skip-install'], home).status).toBe(0);
    const project = join(home, 'clash');
    const compose = parse(readFileSync(join(project, 'compose.yaml'), 'utf8'));
    compose.services.postgres.image = 'registry.corp/postgres:16';
    compose.services.postgres.environment.MINE = 'kept';
    writeFileSync(join(project, 'compose.yaml'), stringify(compose));
    const refused = run(['add', 'postgres', '--defaults', '--postgres-version', '17'], project);
    expect(refused.status).toBe(3);
    // Per file, each key with both sides, and the command for either side.
    expect(refused.stderr).toMatch(
      /^ {2}compose\.yaml\n {4}at services\.postgres\.image:\n {6}yours: registry\.corp\/postgres:16\n {6}new: {3}\$\{POSTGRES_IMAGE:-postgres:17\}$/m,
    );
    expect(refused.stderr).toContain(
      'To keep yours, run again with --keep-yours; to take the new, run again with --force.',
    );
    const kept = run(['add', 'postgres', '--defaults', '--postgres-version', '17', '--keep-yours'], project);
    expect(kept.status, kept.stderr).toBe(0);
    expect(parse(readFileSync(join(project, 'compose.yaml'), 'utf8')).services.postgres.image).toBe(
      'registry.corp/postgres:16',
    );
    // Settled: the same run again is no conflict, and yours stays.
    expect(run(['add', 'postgres', '--defaults', '--postgres-version', '17'], project).status).toBe(0);
    expect(run(['add', 'postgres', '--defaults', '--force', '--keep-yours'], project).status).toBe(2);
    expect(parse(readFileSync(join(project, 'compose.yaml'), 'utf8')).services.postgres.image).toBe(
      'registry.corp/postgres:16',
    );
    const forced = run(['add', 'postgres', '--defaults', '--postgres-version', '16', '--force'], project);
    expect(forced.status).toBe(0);
    const after = parse(readFileSync(join(project, 'compose.yaml'), 'utf8'));
    expect(after.services.postgres.image).toBe('${POSTGRES_IMAGE:-postgres:16}');
    expect(after.services.postgres.environment.MINE).toBe('kept');
  });

  it('new-plugin keeps the files it wrote when npm install fails, and names the command that finishes', () => {
    // npm itself, pointed at a registry that refuses connections: the install step fails as it would offline.
    const result = spawnSync(bin, ['new-plugin', 'data-eng-plugin-offline', '--defaults'], {
      cwd: home,
      encoding: 'utf8',
      input: '',
      env: {
        ...process.env,
        FORCE_COLOR: '0',
        npm_config_registry: 'http://127.0.0.1:9/',
        npm_config_fetch_retries: '0',
      },
    });
    const target = join(home, 'data-eng-plugin-offline');
    expect(result.status).toBe(4);
    expect(result.stderr).toContain(`The plugin's files are written to ${target}`);
    expect(result.stderr).toContain(`finish with: cd "${target}" && npm install`);
    expect(JSON.parse(readFileSync(join(target, 'package.json'), 'utf8')).name).toBe(
      'data-eng-plugin-offline',
    );
    expect(statSync(join(target, 'src', 'index.ts')).isFile()).toBe(true);
  });

  it('yo data-eng runs the same generator through the real yo', () => {
    // yo refuses to run as root and drops to uid 1000; give that user a home and a project folder it owns.
    const yo = join(REPO_ROOT, 'node_modules', '.bin', 'yo');
    const userHome = join(home, 'yo-home');
    const project = join(home, 'via-yo');
    for (const dir of [userHome, project]) {
      mkdirSync(dir, { recursive: true });
      chmodSync(dir, 0o777);
      if (process.getuid?.() === 0) chownSync(dir, 1000, 1000);
    }
    chmodSync(home, 0o755);
    const result = spawnSync(yo, ['data-eng', '--defaults', '--skip-install', '--no-insight'], {
      cwd: project,
      encoding: 'utf8',
      input: '',
      env: { ...process.env, HOME: userHome, FORCE_COLOR: '0' },
    });
    expect(result.stderr + result.stdout).not.toMatch(/error/i);
    expect(result.status).toBe(0);
    const compose = parse(readFileSync(join(project, 'compose.yaml'), 'utf8'));
    expect(compose.name).toBe('via-yo');
    expect(compose.services.postgres.healthcheck.test).toEqual([
      'CMD',
      'pg_isready',
      '-h',
      '127.0.0.1',
      '-U',
      'airflow',
      '-d',
      'airflow',
    ]);
  });
});
