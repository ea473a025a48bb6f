import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  watch,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installInto, packPackage } from '../helpers/pack.js';
import { runInTerminal } from '../helpers/terminal.js';
import { commitAll, git, syntheticTemplateProject } from '../helpers/template-project.js';
import { snapshot } from '../helpers/tree.js';

// The packed data-eng against a damaged config and symbolic links out of the project: each run is refused with
// exit 2 and a sentence naming the file and the fix, and nothing inside or outside the project changes.
describe('e2e: nothing lost, nothing outside the project touched', () => {
  /** The attack suite's own count, printed at the end: runs tried, refused with the documented code, nothing lost. */
  const tally = { tried: 0, refusedWithTheRightCode: 0, nothingLost: 0 };
  const count = (refusedRight: boolean, nothingLost: boolean): void => {
    tally.tried++;
    if (refusedRight) tally.refusedWithTheRightCode++;
    if (nothingLost) tally.nothingLost++;
  };
  let home: string;
  let bin: string;
  let pristine: string;

  const run = (args: string[], cwd: string) =>
    spawnSync(bin, args, { cwd, encoding: 'utf8', input: '', env: { ...process.env, FORCE_COLOR: '0' } });

  /** A fresh copy of a generated project. */
  const project = (name: string): string => {
    const dir = join(home, name);
    cpSync(pristine, dir, { recursive: true });
    return dir;
  };

  beforeAll(() => {
    home = mkdtempSync(join(tmpdir(), 'data-eng-nothing-lost-'));
    installInto(home, [packPackage()]);
    bin = join(home, 'node_modules', '.bin', 'data-eng');
    expect(run(['new', 'pristine', '--defaults', '--skip-install'], home).status).toBe(0);
    pristine = join(home, 'pristine');
  });

  afterAll(() => {
    if (home) rmSync(home, { recursive: true, force: true });
    console.log(
      `attack suite: ${tally.tried} runs tried, ${tally.refusedWithTheRightCode} refused with the documented exit code, ${tally.nothingLost} with nothing lost or touched outside`,
    );
  });

  it('a .yo-rc.json without the data-eng answers in a rendered project: add refuses, and deletes nothing', () => {
    const dir = project('lost-key');
    writeFileSync(join(dir, '.yo-rc.json'), '{"other":{}}\n');
    const before = snapshot(dir);
    const result = run(['add', 'postgres', '--defaults', '--skip-install'], dir);
    count(result.status === 2, JSON.stringify(snapshot(dir)) === JSON.stringify(before));
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(
      `${join(dir, '.yo-rc.json')} has no "generator-data-eng" answers, but .data-eng/rendered.json shows a data-eng project here; restore it with git checkout -- .yo-rc.json`,
    );
    expect(snapshot(dir)).toEqual(before);
    expect(existsSync(join(dir, 'Dockerfile.airflow'))).toBe(true);
  });

  it('corrupt, null or mis-shaped .yo-rc.json: every verb refuses with exit 2, naming the file', () => {
    const dir = project('corrupt');
    const before = snapshot(dir);
    const config = readFileSync(join(dir, '.yo-rc.json'), 'utf8');
    const cases: [string, RegExp][] = [
      [config.replace(/}\s*$/, ','), /\.yo-rc\.json is not valid JSON \(/],
      ['null', /\.yo-rc\.json holds null, not an object/],
      ['[]', /\.yo-rc\.json holds a list, not an object/],
      [
        JSON.stringify({ 'generator-data-eng': { project: { name: 'corrupt' }, plugins: 'build-cache' } }),
        /"plugins" in .*\.yo-rc\.json must be a list of plugin names/,
      ],
    ];
    for (const [text, message] of cases) {
      writeFileSync(join(dir, '.yo-rc.json'), text);
      for (const args of [
        ['add', 'postgres', '--defaults', '--skip-install'],
        ['plugins', 'ls'],
        ['status'],
      ]) {
        const result = run(args, dir);
        count(result.status === 2, true);
        expect(result.status, `${args.join(' ')} with ${text.slice(0, 40)}`).toBe(2);
        expect(result.stderr).toMatch(message);
        expect(result.stderr).not.toMatch(/Cannot read properties|Could not parse|at position \d+$/m);
      }
    }
    writeFileSync(join(dir, '.yo-rc.json'), config);
    expect(snapshot(dir)).toEqual(before);
  });

  it('adopt refuses a broken or linked-out template project with exit 2, writing nothing inside or outside', () => {
    const outside = join(home, 'warehouse-secret.yaml');
    writeFileSync(outside, 'password: "keep-me"\n');
    const cases: { name: string; damage: (dir: string) => void; args?: string[]; message: RegExp }[] = [
      {
        name: 'a compose file that is not YAML',
        damage: (dir) => writeFileSync(join(dir, '.devcontainer/compose.yaml'), 'services: [\n'),
        message:
          /\.devcontainer\/compose\.yaml is not valid YAML \(.*\); fix it, then run data-eng adopt again\./,
      },
      {
        name: 'a conf file that links outside',
        damage: (dir) => {
          rmSync(join(dir, 'conf/database/local.yaml'));
          symlinkSync(outside, join(dir, 'conf/database/local.yaml'));
        },
        message: /conf\/database\/local\.yaml is a symbolic link to .*, outside the project/,
      },
      {
        name: 'a .env that links outside',
        damage: (dir) => symlinkSync(outside, join(dir, '.env')),
        message: /\.env is a symbolic link to .*, outside the project/,
      },
      {
        name: 'an answer the question refuses',
        damage: (dir) =>
          writeFileSync(
            join(dir, 'answers.json'),
            JSON.stringify({ postgres: { analyticsUser: 'airflow' } }),
          ),
        args: ['--answers', 'answers.json'],
        message:
          /Invalid postgres\.analyticsUser \(in the answers file\): "airflow"; the role "airflow" owns the metadata database/,
      },
      {
        name: 'a .env git tracks',
        damage: (dir) => {
          writeFileSync(join(dir, '.env'), 'MINE=1\n');
          commitAll(dir);
        },
        message:
          /\.env is tracked by git, and adoption writes the project's secrets into it; stop tracking it/,
      },
      {
        name: 'a README that links to a file inside the project (adopt replaces README.md)',
        damage: (dir) => {
          writeFileSync(join(dir, 'index.md'), '# Our docs\n');
          symlinkSync('index.md', join(dir, 'README.md'));
        },
        message:
          /README\.md is a symbolic link \(to index\.md\) where data-eng adopt writes a file, and a link is never written through/,
      },
      {
        name: 'a folder where adopt writes a file, in a dry run',
        damage: (dir) => mkdirSync(join(dir, 'docs', 'adoption.md'), { recursive: true }),
        args: ['--dry-run'],
        message: /docs\/adoption\.md is a folder where data-eng adopt writes a file; move the folder away/,
      },
      {
        name: 'a repository git cannot read (a damaged index)',
        damage: (dir) => {
          commitAll(dir);
          writeFileSync(join(dir, '.git', 'index'), 'not an index\n');
        },
        message:
          /git cannot read the repository in .* \(.*index.*\); run data-eng adopt as the folder's owner, or fix what git reports/,
      },
      {
        name: 'a folder that does not exist',
        damage: () => undefined,
        args: ['no-such-folder'],
        message:
          /no-such-folder does not exist; run data-eng adopt in the folder of a project made from data-eng-template/,
      },
      {
        name: 'not a template project',
        damage: (dir) => rmSync(join(dir, '.devcontainer'), { recursive: true }),
        message: /is not a project made from data-eng-template: it needs \.devcontainer\/compose\.yaml/,
      },
    ];
    for (const attack of cases) {
      const dir = syntheticTemplateProject();
      attack.damage(dir);
      const before = snapshot(dir);
      const result = run(['adopt', '--defaults', ...(attack.args ?? [])], dir);
      const kept = JSON.stringify(snapshot(dir)) === JSON.stringify(before);
      const outsideKept = readFileSync(outside, 'utf8') === 'password: "keep-me"\n';
      count(result.status === 2, kept && outsideKept);
      expect(result.status, `${attack.name}: ${result.stderr}`).toBe(2);
      expect(result.stderr, attack.name).toMatch(attack.message);
      expect(kept, attack.name).toBe(true);
      expect(outsideKept, attack.name).toBe(true);
    }
  });

  it('adopt as an ordinary user: a read-only file stays read-only; a folder it cannot write puts every file back', () => {
    // As root the runs are an ordinary user's (util-linux setpriv), whose permissions the kernel enforces.
    const asRoot = process.getuid?.() === 0;
    const user = { uid: 1000, gid: 1000 };
    chmodSync(home, 0o755);
    const asUser = (args: string[], cwd: string) =>
      asRoot
        ? spawnSync(
            'setpriv',
            [`--reuid=${user.uid}`, `--regid=${user.gid}`, '--clear-groups', bin, ...args],
            {
              cwd,
              encoding: 'utf8',
              input: '',
              env: { ...process.env, HOME: cwd, FORCE_COLOR: '0' },
            },
          )
        : run(args, cwd);
    const ownedByUser = (dir: string): string => {
      chmodSync(join(dir, '..'), 0o755);
      if (asRoot) spawnSync('chown', ['-R', `${user.uid}:${user.gid}`, join(dir, '..')]);
      return dir;
    };
    /** Every entry, folders too, with each file's content and mode. */
    const tree = (dir: string) =>
      readdirSync(dir, { recursive: true, withFileTypes: true })
        .map((entry) => {
          const path = join(entry.parentPath, entry.name);
          const mode = (statSync(path).mode & 0o777).toString(8);
          return `${path.slice(dir.length + 1)} ${mode} ${entry.isFile() ? readFileSync(path, 'utf8') : '(folder)'}`;
        })
        .sort();

    const readOnly = ownedByUser(syntheticTemplateProject());
    chmodSync(join(readOnly, 'conf/database/local.yaml'), 0o444);
    const adopted = asUser(['adopt', '--defaults'], readOnly);
    expect(adopted.status, adopted.stderr).toBe(0);
    const local = join(readOnly, 'conf/database/local.yaml');
    expect(statSync(local).mode & 0o777).toBe(0o444);
    expect(readFileSync(local, 'utf8')).not.toContain('"postgres"');

    const locked = ownedByUser(syntheticTemplateProject());
    chmodSync(join(locked, 'conf/database'), 0o555);
    const before = tree(locked);
    const refused = asUser(['adopt', '--defaults'], locked);
    const after = tree(locked);
    count(refused.status === 1, JSON.stringify(after) === JSON.stringify(before));
    expect(refused.status, refused.stderr).toBe(1);
    expect(refused.stderr).toMatch(
      /Adoption could not write the project \(.*conf\/database.*\); every file is back as it was\./,
    );
    expect(after).toEqual(before);

    if (asRoot) {
      // Root adopting a user's checkout: git refuses the repository (dubious ownership), and adopt stops.
      const theirs = syntheticTemplateProject({ '.env': 'MINE=1\n' });
      commitAll(theirs);
      ownedByUser(theirs);
      const snapshotBefore = snapshot(theirs);
      const json = run(['adopt', '--defaults', '--json'], theirs);
      count(json.status === 2, JSON.stringify(snapshot(theirs)) === JSON.stringify(snapshotBefore));
      expect(json.status, json.stderr).toBe(2);
      expect(JSON.parse(json.stdout).error).toMatchObject({
        code: 'adoption-blocked',
        message: expect.stringMatching(/git cannot read the repository in .* \(.*dubious ownership/),
      });
      expect(snapshot(theirs)).toEqual(snapshotBefore);
    }
  });

  it('new into a folder whose .env links outside: refused, and the linked file keeps its content and mode', () => {
    const victim = join(home, 'victim.env');
    writeFileSync(victim, 'MY_TOKEN=keep-me\n');
    chmodSync(victim, 0o644);
    mkdirSync(join(home, 'env-link'));
    symlinkSync('../victim.env', join(home, 'env-link', '.env'));
    const result = run(['new', 'env-link', '--defaults', '--skip-install'], home);
    count(result.status === 2, readFileSync(victim, 'utf8') === 'MY_TOKEN=keep-me\n');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`.env is a symbolic link to ${victim}, outside the project`);
    expect(readFileSync(victim, 'utf8')).toBe('MY_TOKEN=keep-me\n');
    expect(statSync(victim).mode & 0o777).toBe(0o644);
    expect(readdirSync(join(home, 'env-link'))).toEqual(['.env']);
  });

  it('a README linked outside is neither overwritten with --force nor printed in a report', () => {
    const victim = join(home, 'victim.txt');
    writeFileSync(victim, 'root:x:0:0:do-not-print\n');
    const dir = project('readme-link');
    rmSync(join(dir, 'README.md'));
    symlinkSync(victim, join(dir, 'README.md'));
    const forced = run(['add', 'postgres', '--defaults', '--skip-install', '--force'], dir);
    count(forced.status === 2, readFileSync(victim, 'utf8') === 'root:x:0:0:do-not-print\n');
    expect(forced.status).toBe(2);
    expect(forced.stderr).toContain(`README.md is a symbolic link to ${victim}, outside the project`);
    expect(forced.stdout + forced.stderr).not.toContain('do-not-print');
    expect(readFileSync(victim, 'utf8')).toBe('root:x:0:0:do-not-print\n');

    const system = project('passwd-link');
    rmSync(join(system, 'README.md'));
    symlinkSync('/etc/passwd', join(system, 'README.md'));
    const report = run(['add', 'postgres', '--defaults', '--skip-install'], system);
    expect(report.status).toBe(2);
    expect(report.stdout + report.stderr).not.toMatch(/^root:/m);
  });

  it('plugins add refuses a compose.yaml linked outside, and writes nothing', () => {
    const victim = join(home, 'victim-compose.yaml');
    writeFileSync(victim, 'services: {}\n');
    const dir = project('compose-link');
    rmSync(join(dir, 'compose.yaml'));
    symlinkSync(victim, join(dir, 'compose.yaml'));
    const before = snapshot(dir);
    const result = run(['plugins', 'add', 'orchestrator-dcsm'], dir);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`compose.yaml is a symbolic link to ${victim}, outside the project`);
    expect(readFileSync(victim, 'utf8')).toBe('services: {}\n');
    expect(snapshot(dir)).toEqual(before);
  });

  it('typos, extra arguments, contradictions, colliding ports and unknown answer keys: exit 2, no folder made', () => {
    const answers = join(home, 'answers');
    mkdirSync(answers);
    writeFileSync(join(answers, 'bogus.yaml'), 'bogus: {}\n');
    writeFileSync(join(answers, 'colour.json'), '{"postgres":{"colour":"red"}}');
    const cases: [string[], string][] = [
      [
        ['--postgres-prot', '5433'],
        'Unknown option --postgres-prot for data-eng new; did you mean --postgres-port?',
      ],
      [['--bogus'], 'Unknown option --bogus'],
      [['--json'], 'Unknown option --json'],
      [['extra'], 'Unexpected argument "extra"'],
      [['--interactive', '--no-interactive'], 'Contradicting options: --interactive and --no-interactive'],
      [['--dry-run', '--up'], 'Contradicting options: --dry-run and --up'],
      [['--skip-install', '--build'], 'Contradicting options: --skip-install and --build'],
      [
        ['--postgres-port', '8080'],
        "Invalid airflow.apiPort (--airflow-port): 8080; host port 8080 is already postgres.port (--postgres-port)'s: choose another port.",
      ],
      [
        ['--postgres-port', '0x1F90'],
        'Invalid postgres.port (--postgres-port): "0x1F90"; use a whole number',
      ],
      [['--postgres-port', 'abc'], 'Invalid postgres.port (--postgres-port): "abc"'],
      [['--answers', join(answers, 'bogus.yaml')], 'Unknown key "bogus" in the answers file'],
      [['--answers', join(answers, 'colour.json')], 'Unknown answer "postgres.colour" in the answers file'],
      [['--answers', join(answers, 'missing.yaml')], 'Cannot read the answers file'],
    ];
    for (const [index, [args, message]] of cases.entries()) {
      const name = `strict-${index}`;
      const result = run(['new', name, '--defaults', ...args], home);
      count(result.status === 2, !existsSync(join(home, name)));
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stderr).not.toContain('An error occured while running');
      expect(result.stderr).toContain(message);
      expect(existsSync(join(home, name)), args.join(' ')).toBe(false);
    }
  });

  it('a changed port reaches .env; secrets stay byte for byte; a value of your own is kept and reported', () => {
    const dir = project('settings');
    const secrets = (text: string) =>
      text.split('\n').filter((line) => /(PASSWORD|SECRET|KEY|TOKEN)=/.test(line));
    const before = readFileSync(join(dir, '.env'), 'utf8');
    const changed = run(['add', 'postgres', '--defaults', '--skip-install', '--postgres-port', '15432'], dir);
    expect(changed.status).toBe(0);
    const after = readFileSync(join(dir, '.env'), 'utf8');
    expect(after).toMatch(/^POSTGRES_PORT=15432$/m);
    expect(secrets(after)).toEqual(secrets(before));
    expect(secrets(before).length).toBeGreaterThan(2);
    expect(statSync(join(dir, '.env')).mode & 0o777).toBe(0o600);

    writeFileSync(join(dir, '.env'), after.replace(/^POSTGRES_PORT=.*$/m, 'POSTGRES_PORT=16000'));
    const mine = run(['add', 'postgres', '--defaults', '--skip-install', '--postgres-port', '17000'], dir);
    expect(mine.status).toBe(0);
    expect(readFileSync(join(dir, '.env'), 'utf8')).toMatch(/^POSTGRES_PORT=16000$/m);
    expect(mine.stdout + mine.stderr).toContain(
      "POSTGRES_PORT in .env is 16000, your own value; the answers now give 17000. It is kept; to take the new value: sed -i 's|^POSTGRES_PORT=.*|POSTGRES_PORT=17000|' .env",
    );
  });

  it('Ctrl-C or a kill during new, at several points: exit 130 (143) with one line and no folder, or a complete project', async () => {
    const outcomes: string[] = [];
    for (const [signal, delay] of [
      ['SIGINT', 150],
      ['SIGINT', 250],
      ['SIGINT', 320],
      ['SIGINT', 400],
      ['SIGINT', 600],
      ['SIGTERM', 250],
      ['SIGTERM', 450],
    ] as const) {
      const name = `signal-${signal}-${delay}`;
      const child = spawn(bin, ['new', name, '--defaults', '--skip-install'], {
        cwd: home,
        env: { ...process.env, FORCE_COLOR: '0' },
      });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      setTimeout(() => child.kill(signal), delay);
      const [status, killedBy] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
        child.on('close', (code, by) => resolve([code, by])),
      );
      const dir = join(home, name);
      if (killedBy === signal) {
        // The signal came while Node itself was still starting, before any data-eng code ran, or after the
        // command had finished: no folder, or a whole project.
        const whole = existsSync(join(dir, '.env')) && existsSync(join(dir, '.data-eng', 'rendered.json'));
        expect(!existsSync(dir) || whole, `${signal} at ${delay} ms`).toBe(true);
        count(true, true);
        outcomes.push('before start');
        continue;
      }
      if (status === 0) {
        // Finished before the signal: the project is whole.
        expect(existsSync(join(dir, '.env')) && existsSync(join(dir, '.data-eng', 'rendered.json'))).toBe(
          true,
        );
        outcomes.push('complete');
        count(true, true);
        continue;
      }
      expect(status, `${signal} at ${delay} ms: ${stderr}`).toBe(signal === 'SIGINT' ? 130 : 143);
      expect(existsSync(dir), `${signal} at ${delay} ms left ${dir}`).toBe(false);
      const lines = stderr.trim().split('\n').filter(Boolean);
      expect(lines.at(-1)).toMatch(/^data-eng: (cancelled|stopped by SIGTERM)(, nothing written)?\.$/);
      count(true, !existsSync(dir));
      outcomes.push('cancelled');
    }
    expect(outcomes).toContain('cancelled');
    // The files are written in a staging folder beside the target: none is left behind either.
    expect(readdirSync(home).filter((name) => name.startsWith('.data-eng-new-'))).toEqual([]);
  });

  it('a failed new into a nested path leaves none of the folders it made, nor its staging folder', () => {
    const parent = join(home, 'nested-parent');
    mkdirSync(parent);
    const result = run(['new', 'a/b/c', '--defaults', '--skip-install', '--postgres-port', '70000'], parent);
    count(result.status === 2, readdirSync(parent).length === 0);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('70000');
    expect(readdirSync(parent)).toEqual([]);
  });

  it('new . in an empty folder puts the project in that folder, with its name, and nothing beside it', () => {
    const parent = join(home, 'dot-parent');
    mkdirSync(join(parent, 'sales-pipeline'), { recursive: true });
    const result = run(['new', '.', '--defaults', '--skip-install'], join(parent, 'sales-pipeline'));
    expect(result.status).toBe(0);
    const config = JSON.parse(readFileSync(join(parent, 'sales-pipeline', '.yo-rc.json'), 'utf8'));
    expect(config['generator-data-eng'].project.name).toBe('sales-pipeline');
    expect(
      readdirSync(join(parent, 'sales-pipeline')).filter((name) => name.startsWith('.data-eng-new')),
    ).toEqual([]);
    expect(readdirSync(parent)).toEqual(['sales-pipeline']);
  });

  it('a third-party hook that loops, hangs on a timer, exits or fails late is stopped: exit 5, plugin and hook named', () => {
    const dir = project('hostile-hooks');
    mkdirSync(join(dir, 'hostile'));
    writeFileSync(
      join(dir, 'hostile', 'package.json'),
      JSON.stringify({ name: 'data-eng-plugin-hostile', version: '1.0.0', type: 'module', main: 'index.js' }),
    );
    writeFileSync(
      join(dir, 'hostile', 'index.js'),
      `import { definePlugin, PluginError } from 'generator-data-eng/plugin';
const mode = process.env.HOSTILE;
export default definePlugin({
  name: 'data-eng-plugin-hostile',
  apiVersion: 1,
  hookTimeoutMs: 1000,
  hooks: {
    async buildCache() {
      if (mode === 'loop') for (;;) {}
      if (mode === 'timer') { setInterval(() => {}, 100); await new Promise(() => {}); }
      if (mode === 'exit') process.exit(0);
      if (mode === 'exit-in-timer') { setTimeout(() => process.exit(0), 10); await new Promise(() => {}); }
      if (mode === 'exit-code-0') throw new PluginError('it failed but asked for exit 0', 0);
      if (mode === 'late-rejection') { setTimeout(() => Promise.reject(new Error('late boom')), 10); await new Promise(() => {}); }
    },
  },
});
`,
    );
    const config = JSON.parse(readFileSync(join(dir, '.yo-rc.json'), 'utf8'));
    config['generator-data-eng'].plugins = ['./hostile'];
    writeFileSync(join(dir, '.yo-rc.json'), JSON.stringify(config));
    for (const [mode, message] of [
      ['loop', 'did not finish within 1 s and was stopped'],
      ['timer', 'did not finish within 1 s and was stopped'],
      ['exit', 'failed: it called process.exit(0)'],
      ['exit-in-timer', 'failed: it called process.exit(0)'],
      ['exit-code-0', 'failed: it failed but asked for exit 0'],
      ['late-rejection', 'failed: late boom'],
    ] as const) {
      const result = spawnSync(bin, ['build'], {
        cwd: dir,
        encoding: 'utf8',
        input: '',
        timeout: 60_000,
        env: { ...process.env, FORCE_COLOR: '0', HOSTILE: mode },
      });
      count(result.status === 5, true);
      expect(result.signal, `${mode}: the command did not end by itself`).toBeNull();
      expect(result.status, `${mode}: ${result.stderr}`).toBe(5);
      expect(result.stderr).toContain(`data-eng: data-eng-plugin-hostile: hook buildCache ${message}`);
      expect(result.stderr, mode).not.toMatch(/^\s+at |Node\.js v/m);
    }
  });

  it('build without a Docker engine: one sentence saying how to start it, exit 4, and --json says so too', () => {
    const dir = project('no-engine');
    const env = { ...process.env, FORCE_COLOR: '0', DOCKER_HOST: `unix://${join(home, 'no-engine.sock')}` };
    const human = spawnSync(bin, ['build'], { cwd: dir, encoding: 'utf8', input: '', env });
    count(human.status === 4, true);
    expect(human.status).toBe(4);
    expect(human.stderr).toMatch(/The Docker engine at .* does not answer/);
    expect(human.stderr).not.toMatch(/^\s+at /m);
    const json = spawnSync(bin, ['build', '--json'], { cwd: dir, encoding: 'utf8', input: '', env });
    expect(json.status).toBe(4);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, error: { code: 'environment', exitCode: 4 } });
    const target = spawnSync(bin, ['build', '--target', 'bogus'], {
      cwd: dir,
      encoding: 'utf8',
      input: '',
      env,
    });
    count(target.status === 2, true);
    expect(target.status).toBe(2);
    expect(target.stderr).toContain(
      'Unknown target "bogus". Choose one of: system, dependencies, runtime, development.',
    );
  });

  it("answers that lost a part: add refuses to delete that part's files", () => {
    const dir = project('lost-parts');
    const config = JSON.parse(readFileSync(join(dir, '.yo-rc.json'), 'utf8'));
    const only = { 'generator-data-eng': { project: config['generator-data-eng'].project } };
    writeFileSync(join(dir, '.yo-rc.json'), JSON.stringify(only));
    const before = snapshot(dir);
    const result = run(['add', 'postgres', '--defaults', '--skip-install'], dir);
    count(result.status === 2, JSON.stringify(snapshot(dir)) === JSON.stringify(before));
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('.yo-rc.json no longer has the answers of parts this project has');
    expect(snapshot(dir)).toEqual(before);
  });

  it('the CA copy of windows-auth does not follow a certs/ link out of the project', () => {
    const dir = project('certs-link');
    const outside = join(home, 'outside-certs');
    mkdirSync(outside);
    symlinkSync(outside, join(dir, 'certs'));
    const ca = join(home, 'corp-ca.pem');
    writeFileSync(ca, '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUTest\n-----END CERTIFICATE-----\n');
    const result = run(['add', 'windows-auth', '--defaults', '--ad-ca-file', ca, '--skip-install'], dir);
    count(result.status === 2, readdirSync(outside).length === 0);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`certs is a symbolic link to ${outside}, outside the project`);
    expect(readdirSync(outside)).toEqual([]);
  });

  it('question flags before the folder or the part, and with =, are read as flags', () => {
    const here = join(home, 'flags-first');
    mkdirSync(here);
    const created = run(['new', '--defaults', '--skip-install', '--postgres-port', '5433'], here);
    expect(created.status).toBe(0);
    expect(readFileSync(join(here, '.env'), 'utf8')).toMatch(/^POSTGRES_PORT=5433$/m);
    const equals = run(['new', '--postgres-port=5434', '--defaults', '--skip-install', 'eq-form'], home);
    expect(equals.status).toBe(0);
    expect(readFileSync(join(home, 'eq-form', '.env'), 'utf8')).toMatch(/^POSTGRES_PORT=5434$/m);
    expect(readdirSync(home).filter((name) => name.startsWith('--'))).toEqual([]);
    const added = run(['add', '--postgres-port', '6000', 'postgres', '--defaults', '--skip-install'], here);
    expect(added.status).toBe(0);
    expect(readFileSync(join(here, '.env'), 'utf8')).toMatch(/^POSTGRES_PORT=6000$/m);
  });

  it('Ctrl-C at a question ends new with 130, one line, and no folder', async () => {
    const { status, output, prompts } = await runInTerminal(
      `${bin} new at-prompt --skip-install`,
      home,
      () => '\x03',
    );
    count(status === 130, !existsSync(join(home, 'at-prompt')));
    expect(prompts.length).toBe(1);
    expect(status).toBe(130);
    expect(output).toMatch(/data-eng: cancelled/);
    expect(output).not.toMatch(/User force closed|^\s+at /m);
    expect(existsSync(join(home, 'at-prompt'))).toBe(false);
  });

  it('plugins add and remove check .yo-rc.json as every verb does: a link out, an empty file, a plugins string', () => {
    const outside = join(home, 'outside-yo-rc.json');
    const linked = project('yo-rc-link');
    writeFileSync(outside, readFileSync(join(linked, '.yo-rc.json')));
    rmSync(join(linked, '.yo-rc.json'));
    symlinkSync(outside, join(linked, '.yo-rc.json'));
    const before = readFileSync(outside, 'utf8');
    const viaLink = run(['plugins', 'add', 'orchestrator-dcsm'], linked);
    count(viaLink.status === 2, readFileSync(outside, 'utf8') === before);
    expect(viaLink.status).toBe(2);
    expect(viaLink.stderr).toContain(`.yo-rc.json is a symbolic link to ${outside}, outside the project`);
    expect(readFileSync(outside, 'utf8')).toBe(before);

    const dir = project('yo-rc-plugins');
    const config = JSON.parse(readFileSync(join(dir, '.yo-rc.json'), 'utf8'));
    for (const [text, message] of [
      ['', /\.yo-rc\.json is not valid JSON/],
      [
        JSON.stringify({
          'generator-data-eng': {
            ...config['generator-data-eng'],
            plugins: 'orchestrator-compose,build-cache',
          },
        }),
        /"plugins" in .*\.yo-rc\.json must be a list of plugin names/,
      ],
    ] as const) {
      writeFileSync(join(dir, '.yo-rc.json'), text);
      for (const args of [
        ['plugins', 'add', 'orchestrator-dcsm'],
        ['plugins', 'remove', 'build-cache'],
      ]) {
        const result = run(args, dir);
        count(result.status === 2, readFileSync(join(dir, '.yo-rc.json'), 'utf8') === text);
        expect(result.status, `${args.join(' ')} with ${text.slice(0, 30)}`).toBe(2);
        expect(result.stderr).toMatch(message);
        expect(readFileSync(join(dir, '.yo-rc.json'), 'utf8')).toBe(text);
      }
    }
  });

  it('an empty folder name, a dangling link, a broken rendering record and a folder where a file goes: exit 2, named', () => {
    const empty = run(['new', '', '--defaults', '--skip-install'], home);
    count(empty.status === 2, !existsSync(join(home, '.yo-rc.json')));
    expect(empty.status).toBe(2);
    expect(empty.stderr).toContain('The folder name is empty');
    expect(existsSync(join(home, '.yo-rc.json'))).toBe(false);

    symlinkSync(join(home, 'nowhere'), join(home, 'dangling'));
    const dangling = run(['new', 'dangling', '--defaults', '--skip-install'], home);
    count(dangling.status === 2, !existsSync(join(home, 'nowhere')));
    expect(dangling.status).toBe(2);
    expect(dangling.stderr).toContain('is a symbolic link to a place that does not exist');

    const record = project('bad-record');
    writeFileSync(join(record, '.data-eng', 'rendered.json'), 'null\n');
    const before = snapshot(record);
    const broken = run(['add', 'postgres', '--defaults', '--skip-install'], record);
    count(broken.status === 2, JSON.stringify(snapshot(record)) === JSON.stringify(before));
    expect(broken.status).toBe(2);
    expect(broken.stderr).toContain('.data-eng/rendered.json is not a JSON object of file renderings');

    const folder = project('folder-file');
    rmSync(join(folder, 'compose.yaml'));
    mkdirSync(join(folder, 'compose.yaml'));
    const clash = run(['plugins', 'add', 'orchestrator-dcsm'], folder);
    count(clash.status === 2, statSync(join(folder, 'compose.yaml')).isDirectory());
    expect(clash.status).toBe(2);
    expect(clash.stderr).toContain('compose.yaml is a folder where data-eng keeps a file');
  });

  it('plugins remove keeps the files of the plugin you edited unless you say so: --yes, or y at the question', async () => {
    const dir = project('remove-edited');
    const edit = (): void => {
      expect(run(['plugins', 'add', 'orchestrator-dcsm'], dir).status).toBe(0);
      writeFileSync(
        join(dir, 'services.yaml'),
        `${readFileSync(join(dir, 'services.yaml'), 'utf8')}# mine\n`,
      );
    };
    /** plugins remove at a terminal, sending `keys` once the question is on screen. */
    const atTerminal = (keys: string) =>
      new Promise<{ status: number | null; output: string }>((resolve) => {
        const child = spawn('script', ['-qfec', `${bin} plugins remove orchestrator-dcsm`, '/dev/null'], {
          cwd: dir,
          env: { ...process.env, TERM: 'xterm', FORCE_COLOR: '0' },
        });
        let output = '';
        child.stdout.on('data', (chunk: Buffer) => {
          const before = output;
          output += chunk.toString();
          if (!before.includes('Delete it too?') && output.includes('Delete it too?'))
            child.stdin.write(keys);
        });
        child.on('close', (status) => resolve({ status, output }));
      });

    edit();
    const quiet = run(['plugins', 'remove', 'orchestrator-dcsm'], dir);
    count(quiet.status === 0, existsSync(join(dir, 'services.yaml')));
    expect(quiet.status).toBe(0);
    expect(quiet.stdout).toContain('keep services.yaml (you edited it; it is no longer generated');
    expect(readFileSync(join(dir, 'services.yaml'), 'utf8')).toContain('# mine');

    edit();
    const cancelled = await atTerminal('\x03');
    count(cancelled.status === 130, existsSync(join(dir, 'services.yaml')));
    expect(cancelled.status).toBe(130);
    expect(cancelled.output).toContain('data-eng: cancelled, nothing written.');
    expect(readFileSync(join(dir, '.yo-rc.json'), 'utf8')).toContain('orchestrator-dcsm');

    const confirmed = await atTerminal('y\r');
    expect(confirmed.status).toBe(0);
    expect(confirmed.output).toContain('delete services.yaml');
    expect(existsSync(join(dir, 'services.yaml'))).toBe(false);

    edit();
    const yes = run(['plugins', 'remove', 'orchestrator-dcsm', '--yes', '--json'], dir);
    expect(yes.status).toBe(0);
    expect(JSON.parse(yes.stdout)).toMatchObject({
      changed: expect.arrayContaining([{ path: 'services.yaml', action: 'delete' }]),
      kept: [],
    });
    expect(existsSync(join(dir, 'services.yaml'))).toBe(false);
  });

  it('a re-render replaces each file it changes in one rename, keeping its mode, and leaves no temporary file', () => {
    const dir = project('atomic-rerender');
    chmodSync(join(dir, 'compose.yaml'), 0o640);
    const before = { compose: statSync(join(dir, 'compose.yaml')), env: statSync(join(dir, '.env')) };
    const result = run(['add', 'postgres', '--defaults', '--skip-install', '--postgres-port', '15999'], dir);
    expect(result.status).toBe(0);
    const after = { compose: statSync(join(dir, 'compose.yaml')), env: statSync(join(dir, '.env')) };
    // A new inode: the new content arrived by rename, not by rewriting the old file in place.
    expect(after.compose.ino).not.toBe(before.compose.ino);
    expect(after.env.ino).not.toBe(before.env.ino);
    expect(after.compose.mode & 0o777).toBe(0o640);
    expect(after.env.mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, 'compose.yaml'), 'utf8')).toContain('15999');
    const leftovers = readdirSync(dir, { recursive: true }).filter((name) => String(name).endsWith('.tmp'));
    expect(leftovers).toEqual([]);
  });

  it('a typo among the answers in .yo-rc.json is refused by every verb, with the near name, and nothing changes', () => {
    const dir = project('yo-rc-typo');
    const config = JSON.parse(readFileSync(join(dir, '.yo-rc.json'), 'utf8'));
    for (const [edit, message] of [
      [{ postgress: {} }, 'Unknown key "postgress"'],
      [
        { postgres: { ...config['generator-data-eng'].postgres, prot: 5433 } },
        'Unknown answer "postgres.prot"',
      ],
    ] as const) {
      writeFileSync(
        join(dir, '.yo-rc.json'),
        JSON.stringify({ 'generator-data-eng': { ...config['generator-data-eng'], ...edit } }),
      );
      const before = snapshot(dir);
      for (const args of [
        ['add', 'postgres', '--defaults', '--skip-install'],
        ['new', '.', '--defaults', '--skip-install'],
        ['plugins', 'add', 'orchestrator-dcsm'],
        ['status', '--json'],
      ]) {
        const result = run(args, dir);
        count(result.status === 2, JSON.stringify(snapshot(dir)) === JSON.stringify(before));
        expect(result.status, args.join(' ')).toBe(2);
        expect(args.includes('--json') ? JSON.parse(result.stdout).error.message : result.stderr).toContain(
          `${message} in ${join(dir, '.yo-rc.json')}; did you mean`,
        );
        expect(snapshot(dir)).toEqual(before);
      }
    }
  });

  it("a part's flag without the part is refused, not dropped: exit 2, no folder", () => {
    const result = run(
      [
        'new',
        'flag-no-part',
        '--defaults',
        '--skip-install',
        '--components',
        'postgres',
        '--airflow-port',
        '9090',
      ],
      home,
    );
    count(result.status === 2, !existsSync(join(home, 'flag-no-part')));
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(
      '--airflow-port answers a question of airflow, which this project does not have',
    );
    expect(existsSync(join(home, 'flag-no-part'))).toBe(false);
  });

  it('new . in a repository keeps every line of its own .gitignore, with or without --force', () => {
    for (const force of [false, true]) {
      const dir = join(home, `own-gitignore-${force}`);
      mkdirSync(dir);
      writeFileSync(join(dir, '.gitignore'), 'mine/\n*.log\n');
      const result = run(['new', '.', '--defaults', '--skip-install', ...(force ? ['--force'] : [])], dir);
      const lines = readFileSync(join(dir, '.gitignore'), 'utf8').split('\n');
      count(result.status === 0, lines[0] === 'mine/' && lines[1] === '*.log');
      expect(result.status, result.stderr).toBe(0);
      expect(lines.slice(0, 2)).toEqual(['mine/', '*.log']);
      expect(lines).toContain('.env');
    }
  });

  it('Ctrl-C the moment adopt starts writing: exit 130 and the project exactly as it was, never half adopted', async () => {
    const dir = syntheticTemplateProject();
    commitAll(dir);
    const status = () => git(dir, 'status', '--porcelain', '--ignored');
    const before = status();
    const child = spawn(bin, ['adopt', '--defaults'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // The first file adopt writes (anything but git's own bookkeeping) is the moment a person's Ctrl-C would hurt.
    const watcher = watch(dir, { recursive: true }, (_event, name) => {
      if (name && !String(name).startsWith('.git')) {
        watcher.close();
        child.kill('SIGINT');
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    watcher.close();
    // A signal that lands after the last write finds the adoption complete; anything in between is put back.
    const complete = code === 0 && existsSync(join(dir, '.yo-rc.json'));
    const asBefore = code === 130 && status() === before;
    count(code === 130 || code === 0, complete || asBefore);
    expect(complete || asBefore, `exit ${String(code)}: ${stderr}\n${status()}`).toBe(true);
    if (code === 130) expect(stderr).toMatch(/Adoption was interrupted \(SIGINT\)/);
  });
});
