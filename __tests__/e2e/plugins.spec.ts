import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, parseDocument } from 'yaml';
import {
  EXAMPLE_PLUGIN as PLUGIN,
  envValue,
  npmInstall,
  packageFiles,
  preparePluginProject,
  sh,
  type PluginProject,
} from '../helpers/plugin-package.js';
import { REPO_ROOT } from '../helpers/paths.js';
import { runInTerminal } from '../helpers/terminal.js';
import { PLUGIN_API_VERSION } from '../../lib/plugins/public-api.js';

// The example plugin packed like any npm package, installed into a project made by the packed data-eng, enabled
// and disabled with `data-eng plugins`; then a plugin made by `data-eng new-plugin`. Running it on the real
// engine is an integration test (__tests__/integration/plugin-package.spec.ts).
describe('e2e: a third-party plugin package', () => {
  let prepared: PluginProject;
  let work: string;
  let rootTarball: string;
  let pluginTarball: string;
  let example: string;
  let project: string;
  const dataEng = (args: readonly string[], cwd: string): string => prepared.dataEng(args, cwd);
  const readCompose = () => parse(readFileSync(join(project, 'compose.yaml'), 'utf8'));
  const readJson = (path: string) => JSON.parse(readFileSync(join(project, path), 'utf8'));

  beforeAll(() => {
    prepared = preparePluginProject('plugins-e2e');
    ({ work, rootTarball, pluginTarball, example, project } = prepared);
  });

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('the example passes its own tests against the packed generator-data-eng/testing', () => {
    expect(sh('npm', ['test'], example)).toMatch(/Tests\s+\d+ passed/);
    expect(sh('tar', ['tzf', pluginTarball], work).split('\n')).toEqual(
      expect.arrayContaining(['package/dist/index.js', 'package/dist/index.d.ts', 'package/README.md']),
    );
  });

  it('plugins add puts the service into compose.yaml and devcontainer.json, and a hand edit survives', () => {
    const document = parseDocument(readFileSync(join(project, 'compose.yaml'), 'utf8'));
    document.setIn(['services', 'postgres', 'environment', 'TZ'], 'Europe/Berlin');
    writeFileSync(
      join(project, 'compose.yaml'),
      `# our platform team's compose file\n${document.toString()}`,
    );

    const result = JSON.parse(dataEng(['plugins', 'add', PLUGIN, '--json'], project));
    expect(result).toMatchObject({ plugin: PLUGIN, version: '0.1.0' });

    const compose = readCompose();
    expect(compose.services.mosquitto).toMatchObject({
      image: '${MOSQUITTO_IMAGE:-eclipse-mosquitto:2.0}',
      ports: ['127.0.0.1:${MOSQUITTO_PORT:-1883}:1883'],
      volumes: ['mosquitto-data:/mosquitto/data', './docker/mosquitto:/mosquitto/config:ro'],
      labels: { 'io.data-eng.owner': PLUGIN },
    });
    expect(compose.services.mosquitto.healthcheck.test[0]).toBe('CMD-SHELL');
    expect(compose.volumes['mosquitto-data']).toBeDefined();
    expect(compose.services['airflow-scheduler'].environment.MQTT_HOST).toBe('mosquitto');
    expect(compose.services.postgres.environment.TZ).toBe('Europe/Berlin');
    expect(readFileSync(join(project, 'compose.yaml'), 'utf8')).toMatch(
      /^# our platform team's compose file/,
    );

    const devcontainer = readJson('.devcontainer/devcontainer.json');
    expect(Object.keys(devcontainer.portsAttributes)).toContain('1883');
    expect(devcontainer.runServices).toContain('mosquitto');
    expect(readJson('.yo-rc.json')['generator-data-eng']).toMatchObject({
      // New projects start with the built-in orchestrator and build cache; the plugin is appended.
      plugins: ['orchestrator-compose', 'build-cache', PLUGIN],
      [PLUGIN]: { port: 1883, username: 'ingest', airflowEnv: true },
    });
    expect(envValue(project, 'MOSQUITTO_PASSWORD')).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(readFileSync(join(project, 'docker/mosquitto/mosquitto.conf'), 'utf8')).toContain(
      'allow_anonymous false',
    );

    // The plugin's optional peer brought no second generator into the project; its
    // `import 'generator-data-eng/plugin'` resolved to the data-eng that ran it, in another folder.
    expect(existsSync(join(project, 'node_modules', PLUGIN))).toBe(true);
    expect(existsSync(join(project, 'node_modules', 'generator-data-eng'))).toBe(false);

    const listed = JSON.parse(dataEng(['plugins', 'ls', '--json'], project));
    expect(listed.enabled).toEqual([
      expect.objectContaining({ name: 'orchestrator-compose', source: 'builtin' }),
      expect.objectContaining({ name: 'build-cache', source: 'builtin' }),
      expect.objectContaining({ name: PLUGIN, version: '0.1.0', source: 'project' }),
    ]);
  });

  it('plugins remove takes it out of compose.yaml and devcontainer.json, and the hand edit survives', () => {
    const password = envValue(project, 'MOSQUITTO_PASSWORD');
    const removed = JSON.parse(dataEng(['plugins', 'remove', PLUGIN, '--json'], project));
    // .env is never rewritten: the plugin's variables stay, named, so a re-add finds its old password.
    expect(removed.keptEnv).toEqual(
      expect.arrayContaining(['MOSQUITTO_PASSWORD', 'MOSQUITTO_IMAGE', 'MOSQUITTO_PORT']),
    );
    expect(envValue(project, 'MOSQUITTO_PASSWORD')).toBe(password);
    const compose = readCompose();
    expect(compose.services.mosquitto).toBeUndefined();
    expect(compose.volumes?.['mosquitto-data']).toBeUndefined();
    for (const service of Object.values<{ environment?: Record<string, string> }>(compose.services)) {
      expect(Object.keys(service.environment ?? {}).filter((key) => key.startsWith('MQTT_'))).toEqual([]);
    }
    expect(compose.services.postgres.environment.TZ).toBe('Europe/Berlin');
    expect(readFileSync(join(project, 'compose.yaml'), 'utf8')).toMatch(
      /^# our platform team's compose file/,
    );
    const devcontainer = readJson('.devcontainer/devcontainer.json');
    expect(Object.keys(devcontainer.portsAttributes)).not.toContain('1883');
    expect(devcontainer.runServices).not.toContain('mosquitto');
    expect(existsSync(join(project, 'docker/mosquitto/mosquitto.conf'))).toBe(false);
    const config = readJson('.yo-rc.json')['generator-data-eng'];
    expect(config.plugins).toEqual(['orchestrator-compose', 'build-cache']);
    expect(config[PLUGIN]).toBeUndefined();
  });

  it("plugins add --help lists the named plugin's flags; add runs its afterScaffold hook", () => {
    const bin = join(prepared.home, 'node_modules', '.bin', 'data-eng');
    const help = spawnSync(bin, ['plugins', 'add', PLUGIN, '--help'], { cwd: project, encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain(`Flags of ${PLUGIN}'s questions:`);
    expect(help.stdout).toMatch(/^ {2}--mosquitto-port <number>$/m);
    const builtins = spawnSync(bin, ['plugins', 'add', '--help'], { cwd: project, encoding: 'utf8' });
    expect(builtins.stdout).toMatch(/^ {2}--k8s-database <external\|chart>$/m);
    expect(builtins.stdout).not.toContain('mosquitto');

    const added = spawnSync(bin, ['plugins', 'add', PLUGIN], { cwd: project, encoding: 'utf8' });
    expect(added.status, added.stderr).toBe(0);
    expect(added.stderr).toContain('Mosquitto listens on 127.0.0.1:1883');
    dataEng(['plugins', 'remove', PLUGIN], project);
  });

  it('plugins add refuses a flag it does not take and a host port another part holds, writing nothing', () => {
    const bin = join(prepared.home, 'node_modules', '.bin', 'data-eng');
    const run = (args: string[]) => spawnSync(bin, args, { cwd: project, encoding: 'utf8', input: '' });
    const before = readFileSync(join(project, '.yo-rc.json'), 'utf8');
    const postgresPort = readJson('.yo-rc.json')['generator-data-eng'].postgres.port as number;

    const typo = run(['plugins', 'add', PLUGIN, '--mosquito-port', '1884']);
    expect(typo.status).toBe(2);
    expect(typo.stderr).toContain(
      `Unknown option --mosquito-port for plugins add ${PLUGIN}; did you mean --mosquitto-port?`,
    );
    const own = run(['plugins', 'add', PLUGIN, '--skip-instal']);
    expect(own.status).toBe(2);
    expect(own.stderr).toContain('did you mean --skip-install?');

    const clash = run(['plugins', 'add', PLUGIN, '--mosquitto-port', String(postgresPort)]);
    expect(clash.status).toBe(2);
    expect(clash.stderr).toContain(
      `Invalid ${PLUGIN}.port (--mosquitto-port): ${postgresPort}; host port ${postgresPort} is already postgres.port (--postgres-port)'s: choose another port.`,
    );

    const misspelt = run(['plugins', 'add', 'orchestrator-compse', '--help']);
    expect(misspelt.status).toBe(2);
    expect(misspelt.stderr).toContain(
      '"orchestrator-compse" is not a plugin; did you mean "orchestrator-compose"?',
    );
    expect(readFileSync(join(project, '.yo-rc.json'), 'utf8')).toBe(before);
  });

  it("plugins add runs the hook before it reports: a hook's own print goes to stderr, a failing hook exits 5 and says what is written", () => {
    const bin = join(prepared.home, 'node_modules', '.bin', 'data-eng');
    // A plugin by path whose afterScaffold prints with console.log, and fails when told to.
    writeFileSync(
      join(project, 'noisy-plugin.mjs'),
      `export default { name: 'noisy-plugin', apiVersion: ${PLUGIN_API_VERSION}, hooks: { afterScaffold() {
        console.log('noisy says hello');
        if (process.env.NOISY_FAIL) throw new Error('the broker is not reachable');
      } } };\n`,
    );
    const run = (args: string[], env: Record<string, string> = {}) =>
      spawnSync(bin, args, { cwd: project, encoding: 'utf8', input: '', env: { ...process.env, ...env } });

    const added = run(['plugins', 'add', './noisy-plugin.mjs', '--json']);
    expect(added.status, added.stderr).toBe(0);
    expect(JSON.parse(added.stdout)).toMatchObject({ plugin: './noisy-plugin.mjs' });
    expect(added.stderr).toContain('noisy says hello');
    expect(run(['plugins', 'remove', './noisy-plugin.mjs']).status).toBe(0);

    const skipped = run(['plugins', 'add', './noisy-plugin.mjs', '--skip-install'], { NOISY_FAIL: '1' });
    expect(skipped.status, skipped.stderr).toBe(0);
    expect(skipped.stderr).not.toContain('noisy says hello');
    expect(run(['plugins', 'remove', './noisy-plugin.mjs']).status).toBe(0);

    const failed = run(['plugins', 'add', './noisy-plugin.mjs', '--json'], { NOISY_FAIL: '1' });
    expect(failed.status).toBe(5);
    const document = JSON.parse(failed.stdout);
    expect(document).toMatchObject({ ok: false, error: { exitCode: 5 } });
    expect(document.error.message).toMatch(
      /^\.\/noisy-plugin\.mjs is enabled and its files are written, but its afterScaffold hook failed: .*the broker is not reachable.*Fix that, then run the hook again with your answers: .*data-eng(\.js)? plugins remove \.\/noisy-plugin\.mjs && .*data-eng(\.js)? plugins add '\.\/noisy-plugin\.mjs'$/,
    );
    expect(readJson('.yo-rc.json')['generator-data-eng'].plugins).toContain('./noisy-plugin.mjs');
    expect(run(['plugins', 'remove', './noisy-plugin.mjs']).status).toBe(0);
  });

  it("plugins add at a terminal asks the plugin's questions, and asks again for a port another part holds", async () => {
    const bin = join(prepared.home, 'node_modules', '.bin', 'data-eng');
    const postgresPort = readJson('.yo-rc.json')['generator-data-eng'].postgres.port as number;
    const { status, output, prompts } = await runInTerminal(
      `${bin} plugins add ${PLUGIN} --skip-install`,
      project,
      (prompt) =>
        prompt.startsWith('Host port of the MQTT listener') ? [`${postgresPort}\r`, '1884\r'] : '\r',
    );
    expect(status, output.slice(-2000)).toBe(0);
    expect(prompts).toEqual([
      'Host port of the MQTT listener',
      'MQTT user that publishers and Airflow tasks log in as',
      "Give Airflow's task-running services MQTT_HOST, MQTT_PORT, MQTT_USERNAME and MQTT_PASSWORD [y/n]",
    ]);
    expect(output.replace(/\r?\n/g, '')).toContain(
      `host port ${postgresPort} is already postgres.port (--postgres-port)'s`,
    );
    expect(readJson('.yo-rc.json')['generator-data-eng'][PLUGIN]).toEqual({
      port: 1884,
      username: 'ingest',
      airflowEnv: true,
    });
    dataEng(['plugins', 'remove', PLUGIN], project);
  });

  it('a plugin scaffolded by data-eng new-plugin passes its own tests straight away', () => {
    const home = join(work, 'home');
    dataEng(['new-plugin', 'data-eng-plugin-e2e-probe', '--defaults', '--skip-install'], home);
    const scaffold = join(home, 'data-eng-plugin-e2e-probe');
    const pkg = JSON.parse(readFileSync(join(scaffold, 'package.json'), 'utf8'));
    expect(pkg).toMatchObject({
      name: 'data-eng-plugin-e2e-probe',
      peerDependencies: { 'generator-data-eng': '^0.1.0' },
    });
    // generator-data-eng is not on the registry here: this build's tarball stands in for the published one.
    npmInstall(scaffold, [rootTarball]);
    expect(sh('npm', ['test'], scaffold)).toMatch(/Tests\s+\d+ passed/);
    const files = JSON.parse(sh('npm', ['pack', '--dry-run', '--json'], scaffold))[0].files.map(
      (file: { path: string }) => file.path,
    );
    expect(files).toEqual(
      expect.arrayContaining(['dist/index.js', 'dist/index.d.ts', 'README.md', 'package.json']),
    );
  });

  it('yo data-eng:plugin, through the real yo, writes the same package', () => {
    // yo refuses to run as root and drops to uid 1000; give that user a home and a folder it owns.
    const home = join(work, 'home');
    const userHome = join(work, 'yo-home');
    const target = join(home, 'yo', 'data-eng-plugin-e2e-probe');
    for (const dir of [userHome, join(home, 'yo'), target]) {
      mkdirSync(dir, { recursive: true });
      chmodSync(dir, 0o777);
      if (process.getuid?.() === 0) chownSync(dir, 1000, 1000);
    }
    chmodSync(work, 0o755);
    const result = spawnSync(
      join(REPO_ROOT, 'node_modules', '.bin', 'yo'),
      ['data-eng:plugin', '--defaults', '--skip-install', '--no-insight'],
      { cwd: target, encoding: 'utf8', input: '', env: { ...process.env, HOME: userHome, FORCE_COLOR: '0' } },
    );
    expect(result.stderr + result.stdout).not.toMatch(/error/i);
    expect(result.status).toBe(0);
    const scaffolded = packageFiles(join(home, 'data-eng-plugin-e2e-probe'));
    const viaYo = packageFiles(target);
    expect(Object.keys(viaYo).sort()).toEqual(Object.keys(scaffolded).sort());
    // npm install recorded the tarball in place of the published range; everything else must be the same.
    const manifest = (text: string) => {
      const pkg = JSON.parse(text);
      delete pkg.devDependencies['generator-data-eng'];
      return pkg;
    };
    expect(manifest(viaYo['package.json']!)).toEqual(manifest(scaffolded['package.json']!));
    for (const path of Object.keys(viaYo).filter((name) => name !== 'package.json')) {
      expect(viaYo[path], path).toBe(scaffolded[path]);
    }
  });
});
