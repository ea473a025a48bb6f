import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runInTerminal } from '../helpers/terminal.js';
import { packPackage } from '../helpers/pack.js';
import { REPO_ROOT } from '../helpers/paths.js';

const ROOT_PACKAGE = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
/** An ordinary user's ids; as root the commands run under them (util-linux setpriv), as anyone else as is. */
const USER = { uid: 1000, gid: 1000 };
const asRoot = process.getuid?.() === 0;

// The tarball as a user gets it: `npm install -g generator-data-eng yo` into an npm prefix of its own, then
// data-eng and yo run from that prefix's bin/ by an ordinary (non-root) user, with nothing else on hand.
describe('e2e: a global install of the packed package, with yo', () => {
  let work: string;
  let prefix: string;
  let tarball: string;
  let userHome: string;

  /** Run a command as the ordinary user, with the prefix's bin first on the PATH. */
  const asUser = (command: string, args: readonly string[], cwd: string) => {
    const env = {
      ...process.env,
      HOME: userHome,
      PATH: `${join(prefix, 'bin')}:${process.env.PATH ?? ''}`,
      FORCE_COLOR: '0',
      NO_COLOR: '1',
      npm_config_prefix: undefined,
      NODE_PATH: undefined,
    };
    const [file, argv] = asRoot
      ? ['setpriv', [`--reuid=${USER.uid}`, `--regid=${USER.gid}`, '--clear-groups', command, ...args]]
      : [command, [...args]];
    return spawnSync(file, argv, { cwd, env, encoding: 'utf8', input: '', timeout: 240_000 });
  };

  /** A folder the ordinary user owns. */
  const userDir = (path: string): string => {
    mkdirSync(path, { recursive: true });
    if (asRoot) chownSync(path, USER.uid, USER.gid);
    return path;
  };

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'data-eng-global-'));
    chmodSync(work, 0o755);
    prefix = join(work, 'prefix');
    userHome = userDir(join(work, 'home'));
    tarball = packPackage();
    execFileSync(
      'npm',
      [
        'install',
        '--global',
        '--prefix',
        prefix,
        '--no-audit',
        '--no-fund',
        '--prefer-offline',
        '--loglevel=error',
        tarball,
        `yo@${ROOT_PACKAGE.devDependencies.yo}`,
      ],
      { cwd: work, stdio: 'pipe', timeout: 400_000 },
    );
  });

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('the tarball holds the built package, its license and notices, and no tests, fixtures or sources', () => {
    const files = execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map((path) => path.replace(/^package\//, ''));
    expect(files).toEqual(
      expect.arrayContaining([
        'package.json',
        'README.md',
        'LICENSE',
        'bin/data-eng.js',
        'dist/THIRD-PARTY-NOTICES.md',
        'dist/cli/main.js',
        'dist/generators/app/index.js',
        'dist/lib/plugins/public-api.js',
        'dist/lib/plugins/public-api.d.ts',
        'dist/cli/testing.js',
      ]),
    );
    const unwanted = files.filter(
      (path) =>
        /(^|\/)(__tests__|fixtures|test|tests)\//.test(path.replace(/\/templates\/.*$/, '')) ||
        /\.spec\./.test(path) ||
        (/\.ts$/.test(path) && !/\.d\.ts$/.test(path)) ||
        /^(lib|generators|plugins|scripts|bench|examples|\.ci)\//.test(path),
    );
    expect(unwanted).toEqual([]);
    const manifest = JSON.parse(
      execFileSync('tar', ['xzOf', tarball, 'package/package.json'], { encoding: 'utf8' }),
    );
    expect(manifest).toMatchObject({
      license: 'Apache-2.0',
      repository: { url: expect.stringContaining('generator-data-eng') },
      homepage: expect.any(String),
      bugs: { url: expect.any(String) },
    });
    // What only the tests use is not installed with the package.
    expect(Object.keys(manifest.dependencies)).not.toEqual(expect.arrayContaining(['ajv']));
    const notices = execFileSync('tar', ['xzOf', tarball, 'package/dist/THIRD-PARTY-NOTICES.md'], {
      encoding: 'utf8',
    });
    for (const bundled of ['yeoman-environment', 'yeoman-generator', 'commander', 'zod', 'yaml']) {
      expect(notices).toMatch(new RegExp(`^## ${bundled} \\d`, 'm'));
    }
  });

  it('data-eng new works from the global install, run by an ordinary user', () => {
    const projects = userDir(join(work, 'projects'));
    const result = asUser('data-eng', ['new', 'global-new', '--defaults', '--skip-install'], projects);
    expect(result.stderr).not.toMatch(/error|warn|cannot find/i);
    expect(result.status).toBe(0);
    const compose = parse(readFileSync(join(projects, 'global-new', 'compose.yaml'), 'utf8'));
    expect(compose.name).toBe('global-new');
    expect(Object.keys(compose.services)).toEqual(expect.arrayContaining(['postgres', 'airflow-apiserver']));
  });

  it('yo data-eng, then yo data-eng:windows-auth, work from the global install, run by an ordinary user', () => {
    const project = userDir(join(work, 'projects', 'via-global-yo'));
    const created = asUser('yo', ['data-eng', '--defaults', '--skip-install', '--no-insight'], project);
    expect(created.stderr + created.stdout).not.toMatch(/error/i);
    expect(created.status).toBe(0);
    expect(parse(readFileSync(join(project, 'compose.yaml'), 'utf8')).name).toBe('via-global-yo');

    const ca = join(work, 'corp-root.pem');
    writeFileSync(ca, '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUTest\n-----END CERTIFICATE-----\n');
    chmodSync(ca, 0o644);
    const auth = asUser(
      'yo',
      ['data-eng:windows-auth', '--defaults', '--ad-ca-file', ca, '--skip-install', '--no-insight'],
      project,
    );
    expect(auth.stderr + auth.stdout).not.toMatch(/error/i);
    expect(auth.status).toBe(0);
    const config = JSON.parse(readFileSync(join(project, '.yo-rc.json'), 'utf8'))['generator-data-eng'];
    expect(config['windows-auth']).toMatchObject({ caFile: 'certs/ad-ca.pem' });
    expect(readFileSync(join(project, 'certs', 'ad-ca.pem'), 'utf8')).toContain('BEGIN CERTIFICATE');
  });

  it('yo data-eng at a terminal: --ask-answered asks a stored part again, and Ctrl-C at a question exits 130 with one line', async () => {
    const project = userDir(join(work, 'projects', 'yo-terminal'));
    const yo = join(prefix, 'bin', 'yo');
    const user = asRoot ? `setpriv --reuid=${USER.uid} --regid=${USER.gid} --clear-groups ` : '';
    const env = `${user}env HOME=${userHome} PATH=${join(prefix, 'bin')}:$PATH`;
    const errors = join(userDir(join(work, 'yo-terminal-logs')), 'stderr.txt');
    const made = await runInTerminal(
      `${env} ${yo} data-eng --defaults --skip-install --no-insight`,
      project,
      () => '\r',
    );
    expect(made.status, made.output.slice(-1500)).toBe(0);

    const again = await runInTerminal(
      `${env} ${yo} data-eng:postgres --ask-answered --skip-install --no-insight`,
      project,
      (prompt) => (prompt.startsWith('Host port for PostgreSQL') ? '\x155545\r' : '\r'),
    );
    expect(again.status, again.output.slice(-1500)).toBe(0);
    expect(again.prompts).toContain('PostgreSQL major version');
    const config = JSON.parse(readFileSync(join(project, '.yo-rc.json'), 'utf8'))['generator-data-eng'];
    expect(config.postgres.port).toBe(5545);

    const cancelled = await runInTerminal(
      `${env} ${yo} data-eng:postgres --ask-answered --skip-install --no-insight 2>${errors}`,
      project,
      () => '\x03',
    );
    expect(cancelled.status).toBe(130);
    // stderr, a file here and not the terminal: exactly the one line, no stack, no escapes.
    expect(readFileSync(errors, 'utf8')).toBe('data-eng: cancelled, nothing written.\n');
    expect(cancelled.output).not.toMatch(/User force closed|An error occured|data-eng:dist|^\s+at /m);
    expect(
      JSON.parse(readFileSync(join(project, '.yo-rc.json'), 'utf8'))['generator-data-eng'].postgres.port,
    ).toBe(5545);
  });
});
