import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, parseDocument } from 'yaml';
import { parseDotenv } from '../../lib/config/dotenv.js';
import { DATA_ENG_BIN } from '../helpers/paths.js';
import { describeWithServices } from '../helpers/services.js';
import { generateTemplateProject, git, GIT_ENV } from '../helpers/template-project.js';

interface Report {
  project: string;
  replaced: { path: string; movedTo: string }[];
  moved: { path: string; movedTo: string }[];
  merged: { path: string; keptYours: string[] }[];
  secrets: { path: string; line: number; secret: string; variable: string }[];
  carried: { name: string; into: string; changes: string[] }[];
  rotate: { variable: string }[];
  airflowUpgrade?: { from: string; to: string; uses: { path: string; line: number }[] };
  byHand: string[];
}

/** `data-eng adopt --defaults --json` in a folder: exit status and the parsed result. */
function adopt(dir: string): {
  status: number | null;
  out: { adopted: boolean; report?: Report };
  stderr: string;
} {
  const run = spawnSync(process.execPath, [DATA_ENG_BIN, 'adopt', '--defaults', '--json'], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...GIT_ENV, CI: '1' },
    timeout: 180_000,
  });
  return { status: run.status, out: JSON.parse(run.stdout || '{}'), stderr: run.stderr };
}

/** The template's secrets as their files spell them: literal passwords and Fernet keys, found independently of adopt. */
const LITERAL_PASSWORD = [
  /(password|passwd)[*"'\s]{0,4}[:=][ \t]*["']?(postgres|admin|airflow|s3cret-wh)\b/i,
  /:\/\/[^:\s/@$]+:(postgres|admin|airflow)@/,
  /--password[ \t]+["']?(postgres|admin|airflow)\b/,
  /PASSWORD:-(postgres|admin|airflow)\}/,
  // The admin login as a pair in prose: `(admin/admin)`, `-u admin:admin`.
  /(?<![\w/.-])admin[/:]admin(?![\w/@]|\.\w)/,
];
const FERNET = /[A-Za-z0-9_-]{43}=/g;

function fernetKeysIn(dir: string): string[] {
  const keys = new Set<string>();
  for (const file of git(dir, 'ls-files').split('\n').filter(Boolean)) {
    const text = readFileSync(join(dir, file), 'utf8');
    for (const line of text.split('\n'))
      if (/fernet/i.test(line)) for (const match of line.match(FERNET) ?? []) keys.add(match);
  }
  // The ignored .devcontainer/.env the post-generation hook wrote holds the project's own key.
  const env = join(dir, '.devcontainer', '.env');
  if (existsSync(env)) {
    const key = parseDotenv(readFileSync(env, 'utf8')).AIRFLOW__CORE__FERNET_KEY;
    if (key) keys.add(key);
  }
  return [...keys];
}

/** The lines of `after` that differ from `before`, 1-based; undefined when the line counts differ. */
function changedLines(before: string, after: string): number[] | undefined {
  const a = before.split('\n');
  const b = after.split('\n');
  if (a.length !== b.length) return undefined;
  return a.flatMap((line, index) => (line === b[index] ? [] : [index + 1]));
}

/** Every path of a YAML value down to its leaves, with the leaf. */
function leaves(value: unknown, path: string[] = []): [string, unknown][] {
  if (value && typeof value === 'object' && !Array.isArray(value))
    return Object.entries(value).flatMap(([key, item]) => leaves(item, [...path, key]));
  return [[path.join('.'), value]];
}

interface Case {
  readonly name: string;
  readonly branch: string;
  readonly fixWinAuth?: boolean;
  /** Edits a team made before adopting. */
  readonly edit?: (dir: string) => void;
  readonly airflow2?: boolean;
}

/** A team's edits: a renamed DAG, an extra conf file with its own secret, an extra compose service. */
function teamEdits(dir: string): void {
  renameSync(join(dir, 'dags', 'example_dag.py'), join(dir, 'dags', 'orders_daily.py'));
  const dag = join(dir, 'dags', 'orders_daily.py');
  writeFileSync(dag, readFileSync(dag, 'utf8').replace('example_hello', 'orders_daily'));
  writeFileSync(
    join(dir, 'conf', 'database', 'warehouse.yaml'),
    '# @package database\nhost: "warehouse.internal"\nuser: "etl"\npassword: "s3cret-wh"\nname: "dw"\nreplica:\n  password: &pw "s3cret, #2"\n',
  );
  const composePath = join(dir, '.devcontainer', 'compose.yaml');
  const compose = parseDocument(readFileSync(composePath, 'utf8'));
  compose.setIn(
    ['services', 'mailhog'],
    compose.createNode({
      image: 'mailhog/mailhog:v1.0.1',
      ports: ['8025:8025', '0.0.0.0:1025:1025', '${MAIL_UI_PORT:-8026}:8026'],
      volumes: ['../data/mail:/maildir', 'mail_data:/var/mail'],
      depends_on: ['postgres', 'airflow-webserver'],
      // A file of the template's stack, moved aside by adoption, and a network of their own.
      env_file: ['./airflow.env'],
      networks: ['mail'],
    }),
  );
  compose.setIn(['volumes', 'mail_data'], null);
  compose.setIn(['networks', 'mail'], compose.createNode({ driver: 'bridge' }));
  writeFileSync(composePath, compose.toString());
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'Our own changes');
}

const CASES: readonly Case[] = [
  { name: 'main (Airflow 2.9.3)', branch: 'main', airflow2: true },
  { name: 'add_dcsm (Airflow 2.9.3, DCSM services.yaml)', branch: 'add_dcsm', airflow2: true },
  // win_auth does not generate as it is: see generateTemplateProject (two scripts' {{.Names}} fixed, nothing else).
  {
    name: 'win_auth (Airflow 3.0.6; two scripts fixed so that it generates)',
    branch: 'win_auth',
    fixWinAuth: true,
  },
  { name: 'add_dcsm, edited by its team', branch: 'add_dcsm', edit: teamEdits, airflow2: true },
];

describeWithServices(
  'data-eng adopt on projects generated from data-eng-template with real cookiecutter',
  () => {
    const root = mkdtempSync(join(tmpdir(), 'adopt-template-'));
    afterAll(() => rmSync(root, { recursive: true, force: true }));

    describe.each(CASES)('$name', (testCase) => {
      const label = `${testCase.branch}${testCase.edit ? '-edited' : ''}`;
      let dir: string;
      let before: Map<string, string>;
      let fernetKeys: string[];
      let result: ReturnType<typeof adopt>;
      let report: Report;

      it('generates with cookiecutter, commits, and adopts with --defaults', () => {
        dir = generateTemplateProject(testCase.branch, join(root, label), testCase.fixWinAuth);
        // The template's post-generation hook made the first commit.
        expect(git(dir, 'log', '--oneline').trim()).not.toBe('');
        testCase.edit?.(dir);
        before = new Map(
          git(dir, 'ls-files')
            .split('\n')
            .filter(Boolean)
            .map((file) => [file, readFileSync(join(dir, file), 'utf8')]),
        );
        fernetKeys = fernetKeysIn(dir);
        expect(fernetKeys.length).toBeGreaterThan(0);
        result = adopt(dir);
        expect(result.stderr).toBe('');
        expect(result.status).toBe(0);
        expect(result.out.adopted).toBe(true);
        report = result.out.report!;
        const written = readFileSync(join(dir, 'docs', 'adoption.md'), 'utf8');
        expect(written).toContain(`# Adoption of ${report.project}`);
        expect(written, 'one blank line between sections').not.toMatch(/\n\n\n/);
      });

      it('keeps every file of the team: the same, or reported as replaced, moved, merged or with a secret moved out', () => {
        const aside = new Map([...report.replaced, ...report.moved].map((m) => [m.path, m.movedTo]));
        const merged = new Set(report.merged.map((m) => m.path));
        const secretLines = (path: string) =>
          report.secrets.filter((s) => s.path === path).map((s) => s.line);
        for (const [file, content] of before) {
          const movedTo = aside.get(file);
          if (movedTo) {
            // Kept beside the new file, changed only where a literal secret became a reference.
            const kept = readFileSync(join(dir, movedTo), 'utf8');
            const lines = changedLines(content, kept);
            expect(lines, `${file} → ${movedTo}`).toBeDefined();
            for (const line of lines!) expect(secretLines(movedTo), `${movedTo}:${line}`).toContain(line);
            continue;
          }
          const now = readFileSync(join(dir, file), 'utf8');
          if (merged.has(file)) {
            if (file.endsWith('.yaml')) {
              const mine = parse(now) as Record<string, unknown>;
              const leafMap = new Map(leaves(mine));
              for (const [path, value] of leaves(parse(content))) {
                if (path === 'defaults') continue; // checked below: theirs first, in their order
                if (typeof value === 'string' && LITERAL_PASSWORD.some((re) => re.test(`password: ${value}`)))
                  continue;
                expect(leafMap.get(path), `${file} ${path}`).toEqual(value);
              }
              if (file === 'conf/config.yaml') {
                const theirs = (parse(content) as { defaults: unknown[] }).defaults;
                expect((mine.defaults as unknown[]).slice(0, theirs.length)).toEqual(theirs);
                // Their lines as they spelled them: comments and spacing too, where no secret moved out.
                const nowLines = now.split('\n');
                for (const line of content.split('\n'))
                  if (!LITERAL_PASSWORD.some((re) => re.test(line)))
                    expect(nowLines, `${file}: ${JSON.stringify(line)}`).toContain(line);
              }
            } else {
              for (const line of content.split('\n'))
                expect(now.split('\n'), `${file}: ${line}`).toContain(line);
            }
            continue;
          }
          if (now === content) continue;
          const lines = changedLines(content, now);
          expect(lines, `${file} changed without being reported`).toBeDefined();
          for (const line of lines!) {
            // A YAML mapping whose password moved to .env may have had its user changed to the new role too.
            const moved = secretLines(file);
            expect(moved.length, `${file}:${line} changed without being reported`).toBeGreaterThan(0);
            if (!moved.includes(line))
              expect(now.split('\n')[line - 1], `${file}:${line}`).toMatch(/^\s*user(name)?:/);
          }
        }
      });

      it("leaves none of the files it creates hidden by the team's .gitignore", () => {
        const created = (result.out.report as unknown as { created: string[] }).created;
        expect(created).toEqual(
          expect.arrayContaining(['compose.yaml', 'conf/env/dev.yaml', '.dockerignore']),
        );
        const ignored = spawnSync('git', ['-C', dir, 'check-ignore', '--no-index', '--stdin'], {
          input: created.join('\n'),
          encoding: 'utf8',
        }).stdout;
        expect(ignored.split('\n').filter(Boolean)).toEqual([]);
      });

      it('gives a compose.yaml docker compose accepts, with every port on 127.0.0.1', () => {
        const config = JSON.parse(
          execFileSync('docker', ['compose', 'config', '--format', 'json'], { cwd: dir, encoding: 'utf8' }),
        ) as { services: Record<string, { ports?: { host_ip?: string }[] }> };
        expect(Object.keys(config.services)).toEqual(
          expect.arrayContaining(['postgres', 'airflow-apiserver', 'airflow-scheduler', 'airflow-init']),
        );
        for (const [name, service] of Object.entries(config.services))
          for (const port of service.ports ?? []) expect(port.host_ip, `${name}`).toBe('127.0.0.1');
      });

      it("passes the project's own checks: the DAGs and their integrity test compile, the settings compose", () => {
        const python = (args: string[], env: Record<string, string> = {}) =>
          spawnSync('/usr/bin/python3', args, {
            cwd: dir,
            encoding: 'utf8',
            env: { PATH: process.env.PATH!, ...env },
          });
        const files = git(dir, 'ls-files', '--cached', '--others', '--exclude-standard', 'dags', 'tests')
          .split('\n')
          .filter((file) => file.endsWith('.py'));
        expect(files).toContain('tests/dags/test_dag_integrity.py');
        const compiled = python(['-m', 'py_compile', ...files]);
        expect(compiled.stderr).toBe('');
        expect(compiled.status).toBe(0);
        const pkg = report.project.replaceAll('-', '_');
        // Without .env loaded, as a task that needs no password composes them.
        const settings = python(['-m', `${pkg}.settings`], { PYTHONPATH: 'src' });
        expect(settings.stderr).toBe('');
        expect(settings.status).toBe(0);
        const composed = parse(settings.stdout.replace(/^#.*\n/, '')) as Record<string, unknown>;
        // The team's Hydra groups and values are what compose.
        expect(composed).toMatchObject({ database: { host: 'postgres' }, runtime: { log_level: 'INFO' } });
      });

      it('moves the secrets into .env: the database password and Fernet key kept, nothing secret in a tracked file', () => {
        const envPath = join(dir, '.env');
        expect(statSync(envPath).mode & 0o777).toBe(0o600);
        const env = parseDotenv(readFileSync(envPath, 'utf8'));
        expect(fernetKeys).toContain(env.AIRFLOW_FERNET_KEY);
        if (testCase.branch === 'win_auth') {
          // Its database owner was "admin", not the new stack's "airflow": that password opens nothing, so it is new.
          expect(env.POSTGRES_PASSWORD).not.toBe('admin');
          expect(report.rotate.map((r) => r.variable)).toEqual(['AIRFLOW_FERNET_KEY']);
          expect(report.byHand.join('\n')).toContain('The old stack\'s database owner was "admin"');
          // The key the stack ran with is the one written in its compose.yaml, not .devcontainer/.env's.
          expect(env.AIRFLOW_FERNET_KEY).toBe('Jdt_v-EBOLGPgFutJ2oTnin0bIaZPM3SkM0vAOuj9uU=');
        } else {
          // The owner role is the new stack's too: pointed at the old volume, the new stack opens it with this password.
          expect(env.POSTGRES_PASSWORD).toBe('airflow');
          expect(report.rotate.map((r) => r.variable).sort()).toEqual([
            'AIRFLOW_FERNET_KEY',
            'POSTGRES_PASSWORD',
          ]);
        }
        git(dir, 'add', '-A');
        const tracked = git(dir, 'ls-files').split('\n').filter(Boolean);
        expect(tracked).not.toContain('.env');
        for (const file of tracked) {
          const text = readFileSync(join(dir, file), 'utf8');
          for (const key of fernetKeys)
            expect(text.includes(key), `${file} holds the Fernet key`).toBe(false);
          text.split('\n').forEach((line, index) => {
            for (const re of LITERAL_PASSWORD) expect(line, `${file}:${index + 1}`).not.toMatch(re);
          });
        }
      });

      it('is a no-op the second time', () => {
        git(dir, 'commit', '-q', '-m', 'Adopted by data-eng');
        const again = adopt(dir);
        expect(again.status).toBe(0);
        expect(again.out.adopted).toBe(false);
        expect(git(dir, 'status', '--porcelain')).toBe('');
      });

      if (testCase.airflow2) {
        it('moves an Airflow 2 project to Airflow 3 and lists the DAG code that must change', () => {
          const yoRc = JSON.parse(readFileSync(join(dir, '.yo-rc.json'), 'utf8'))['generator-data-eng'];
          expect(yoRc.airflow.version).toMatch(/^3\./);
          expect(report.airflowUpgrade).toMatchObject({ from: '2.9.3', to: yoRc.airflow.version });
          const dag = testCase.edit ? 'dags/orders_daily.py' : 'dags/example_dag.py';
          expect(report.airflowUpgrade!.uses).toContainEqual(expect.objectContaining({ path: dag, line: 3 }));
          expect(report.byHand.join('\n')).toContain('airflow db migrate');
        });
      } else {
        it('keeps an Airflow 3 project on its version', () => {
          const yoRc = JSON.parse(readFileSync(join(dir, '.yo-rc.json'), 'utf8'))['generator-data-eng'];
          expect(yoRc.airflow.version).toBe('3.0.6');
          expect(report.airflowUpgrade).toBeUndefined();
        });
      }

      if (testCase.edit) {
        it("keeps the team's edits: the renamed DAG, their conf file and its secret, their compose service", () => {
          expect(readFileSync(join(dir, 'dags', 'orders_daily.py'), 'utf8')).toContain('orders_daily');
          const warehouse = parse(readFileSync(join(dir, 'conf', 'database', 'warehouse.yaml'), 'utf8'));
          expect(warehouse).toMatchObject({ host: 'warehouse.internal', user: 'etl', name: 'dw' });
          const variable = /^\$\{oc\.env:([A-Z0-9_]+),\}$/.exec(String(warehouse.password))?.[1];
          expect(variable).toBeDefined();
          const env = parseDotenv(readFileSync(join(dir, '.env'), 'utf8'));
          expect(env[variable!]).toBe('s3cret-wh');
          // A second password in the same file keeps its own value under its own name.
          const replica = /^\$\{oc\.env:([A-Z0-9_]+),\}$/.exec(String(warehouse.replica.password))?.[1];
          expect(replica).not.toBe(variable);
          expect(env[replica!]).toBe('s3cret, #2');
          const compose = JSON.parse(
            execFileSync('docker', ['compose', 'config', '--format', 'json'], { cwd: dir, encoding: 'utf8' }),
          ) as { services: Record<string, Record<string, unknown>>; volumes: Record<string, unknown> };
          expect(compose.services.mailhog).toMatchObject({
            image: 'mailhog/mailhog:v1.0.1',
            ports: [
              expect.objectContaining({ host_ip: '127.0.0.1', published: '8025', target: 8025 }),
              expect.objectContaining({ host_ip: '127.0.0.1', published: '1025', target: 1025 }),
              expect.objectContaining({ host_ip: '127.0.0.1', published: '8026', target: 8026 }),
            ],
            networks: { mail: null },
            depends_on: { postgres: expect.anything(), 'airflow-apiserver': expect.anything() },
          });
          const volumes = compose.services.mailhog!.volumes as { source: string; target: string }[];
          expect(volumes).toContainEqual(
            expect.objectContaining({ source: join(dir, 'data', 'mail'), target: '/maildir' }),
          );
          expect(Object.keys(compose.volumes)).toContain('mail_data');
          expect(report.carried.map((c) => c.name)).toEqual(['mailhog']);
          expect(report.carried[0]).not.toHaveProperty('definition');
        });
      }
    });
  },
);
