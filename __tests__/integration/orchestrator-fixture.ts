import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DIST } from '../helpers/paths.js';
import { setEnv } from '../helpers/env-file.js';

/**
 * A project plugin for the orchestrator tests: `client` (ephemeral, with an ephemeral volume) checks ONCE, at its
 * start, that postgres accepts connections and records its start in a table, so it only becomes healthy if it
 * was started after postgres was ready; `broken` (answer broken: true) never passes its health check.
 */
export const FIXTURE_PLUGIN = `
export default {
  name: 'fixture-client',
  apiVersion: 1,
  contribute(stack, { answers }) {
    // Over TCP: the image's first-start init runs a socket-only server that a socket check takes for ready.
    stack.updateService('postgres', (s) => ({
      healthcheck: { ...s.healthcheck, test: ['CMD', 'pg_isready', '-h', '127.0.0.1', '-U', 'airflow', '-d', 'airflow'] },
    }));
    stack.addVolume('client-scratch', { persistent: false });
    stack.addService({
      name: 'client',
      image: { ref: 'POSTGRES_IMAGE', fallback: 'postgres:16' },
      entrypoint: ['bash', '-c'],
      command: [[
        'pg_isready -h postgres -U airflow -d airflow || { echo "postgres was not ready when client started"; exit 1; }',
        'psql -h postgres -U airflow -d airflow -v ON_ERROR_STOP=1 -c "create table if not exists starts(at timestamptz default now())" -c "insert into starts default values" || exit 1',
        'touch /scratch/ready',
        'trap "exit 0" TERM INT',
        'sleep infinity & wait',
      ].join('; ')],
      environment: { PGPASSWORD: { ref: 'POSTGRES_PASSWORD' } },
      volumes: [{ type: 'volume', source: 'client-scratch', target: '/scratch' }],
      dependsOn: { postgres: 'service_healthy' },
      healthcheck: { test: ['CMD', 'test', '-f', '/scratch/ready'], interval: '1s', timeout: '2s', retries: 60 },
      persistent: false,
    });
    if (answers.broken) {
      stack.addService({
        name: 'broken',
        image: { ref: 'POSTGRES_IMAGE', fallback: 'postgres:16' },
        entrypoint: ['bash', '-c'],
        command: ['echo "broken: cannot reach the license server"; trap "exit 0" TERM INT; sleep infinity & wait'],
        healthcheck: { test: ['CMD', 'false'], interval: '1s', timeout: '1s', retries: 2 },
      });
    }
  },
};
`;

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout parsed, for --json runs. */
  json(): any;
}

// One small launcher per build folder, rewritten (not piled up) on every run.
const WRAPPER = join(
  tmpdir(),
  `data-eng-cli-${createHash('sha256').update(DIST).digest('hex').slice(0, 12)}.mjs`,
);
writeFileSync(
  WRAPPER,
  `const { main } = await import(${JSON.stringify(`${DIST}cli/main.js`)});\nprocess.exitCode = await main(process.argv);\n`,
);

/** Run the built data-eng CLI in `cwd`, stdin not a terminal, as a script would. */
export function dataEng(
  cwd: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [WRAPPER, ...args],
      { cwd, env: { ...process.env, ...env }, timeout: 600_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr, json: () => JSON.parse(stdout) });
      },
    );
    child.stdin?.end();
  });
}

export { freePort } from '../helpers/ports.js';

/** Hold a port the way another program would, until `close`. */
export function holdPort(port: number): Promise<{ close: () => Promise<void> }> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () =>
      resolve({ close: () => new Promise((done) => server.close(() => done())) }),
    );
  });
}

export function docker(...args: string[]): string {
  return execFileSync('docker', args, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 120_000,
  }).trim();
}

export interface FixtureOptions {
  readonly name: string;
  readonly orchestrator: 'orchestrator-compose' | 'orchestrator-dcsm';
  readonly port: number;
  readonly postgresImage: string;
  readonly broken?: boolean;
  /** Write .git/HEAD on this branch (what the DCSM runner reads for its namespace). */
  readonly branch?: string;
}

/** A project of postgres plus the fixture plugin, rendered by `data-eng plugins add <orchestrator>`. */
export async function makeProject(options: FixtureOptions): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), `${options.name}-`));
  writeFileSync(join(dir, 'fixture-plugin.mjs'), FIXTURE_PLUGIN);
  const config = {
    project: { name: options.name },
    postgres: {
      version: '15',
      port: options.port,
      analyticsDatabase: 'analytics',
      analyticsUser: 'analytics',
    },
    plugins: ['./fixture-plugin.mjs'],
    'fixture-client': { broken: Boolean(options.broken) },
  };
  writeFileSync(join(dir, '.yo-rc.json'), JSON.stringify({ 'generator-data-eng': config }, null, 2));
  if (options.branch) {
    mkdirSync(join(dir, '.git'));
    writeFileSync(join(dir, '.git', 'HEAD'), `ref: refs/heads/${options.branch}\n`);
  }
  const added = await dataEng(dir, ['plugins', 'add', options.orchestrator]);
  if (added.code !== 0) throw new Error(`plugins add ${options.orchestrator} failed: ${added.stderr}`);
  setEnv(dir, { POSTGRES_IMAGE: options.postgresImage });
  return dir;
}

/** Remove every container, volume and network a test project left, found by the labels both runners set. */
export function removeProjectObjects(project: string): void {
  const labels = [
    `io.data-eng.project=${project}`,
    `com.docker.compose.project=${project}`,
    `devcontainer-service-manager.project=${project}`,
  ];
  for (const label of labels) {
    const containers = docker('ps', '-aq', '--filter', `label=${label}`).split('\n').filter(Boolean);
    if (containers.length) docker('rm', '-f', '-v', ...containers);
  }
  for (const label of labels) {
    const volumes = docker('volume', 'ls', '-q', '--filter', `label=${label}`).split('\n').filter(Boolean);
    if (volumes.length) docker('volume', 'rm', '-f', ...volumes);
    const networks = docker('network', 'ls', '-q', '--filter', `label=${label}`).split('\n').filter(Boolean);
    if (networks.length) docker('network', 'rm', ...networks);
  }
}

/** Run SQL in a running postgres container as the metadata database owner. */
export function psql(container: string, sql: string): string {
  return docker('exec', container, 'psql', '-U', 'airflow', '-d', 'airflow', '-Atc', sql);
}
