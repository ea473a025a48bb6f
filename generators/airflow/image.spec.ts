import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { readYaml } from '../../__tests__/helpers/run-generator.js';
import { syntaxProblems } from '../../__tests__/helpers/airflow-syntax.js';
import { argsOf, mountOptions, parseDockerfile, stage } from '../../__tests__/helpers/airflow-dockerfile.js';
import {
  COMBINATIONS,
  generateAirflow as generate,
  removeAnswersFiles,
  readText as text,
} from '../../__tests__/helpers/airflow-project.js';
import { AIRFLOW_RELEASES } from '../../lib/versions.js';

afterAll(removeAnswersFiles);

describe('airflow generator: the image and the files', () => {
  it.each(COMBINATIONS)(
    'static: with %s and %s every Python file compiles, every YAML/JSON/TOML parses, every script passes bash -n and shellcheck (where installed, always in CI)',
    async (executor, auth) => {
      const result = await generate({ executor, 'auth-manager': auth });
      expect(syntaxProblems(result.cwd)).toEqual([]);
    },
  );

  it('refuses a Python version the Airflow release publishes no image for, naming the ones it does', async () => {
    expect(AIRFLOW_RELEASES['3.0.6']).not.toContain('3.13');
    await expect(generate({ 'airflow-version': '3.0.6', 'python-version': '3.13' })).rejects.toThrow(
      /publishes images for Python 3\.11, 3\.12 only/,
    );
  });

  it('sets the versions once, as build args, and the Dockerfile has no defaults for them', async () => {
    const result = await generate({ 'airflow-version': '3.3.2', 'python-version': '3.13' });
    const compose = readYaml(result, 'compose.yaml');
    expect(compose.services['airflow-scheduler'].build.args).toMatchObject({
      AIRFLOW_VERSION: '3.3.2',
      PYTHON_VERSION: '3.13',
    });
    const dockerfile = parseDockerfile(text(result.cwd, 'Dockerfile.airflow'));
    expect(argsOf(dockerfile.preamble)).toMatchObject({
      AIRFLOW_VERSION: undefined,
      PYTHON_VERSION: undefined,
    });
    for (const file of ['Dockerfile.airflow', 'requirements.txt', 'requirements-dev.txt', 'Makefile']) {
      expect(text(result.cwd, file), file).not.toContain('3.3.2');
    }
  });

  it('writes a multi-stage Dockerfile.airflow: the contract stages, build args, uv cache mounts for uid 50000', async () => {
    const result = await generate();
    const source = text(result.cwd, 'Dockerfile.airflow');
    const dockerfile = parseDockerfile(source);
    expect(dockerfile.firstLine).not.toMatch(/^#\s*syntax\s*=/i);
    expect(source).not.toMatch(/^#\s*syntax\s*=/im);
    expect(dockerfile.stages.map((s) => [s.name, s.base])).toEqual([
      ['system', '${BASE_IMAGE}'],
      ['dependencies', 'system'],
      ['runtime', 'dependencies'],
      ['development', 'runtime'],
    ]);
    expect(argsOf(dockerfile.preamble)).toEqual({
      AIRFLOW_VERSION: undefined,
      PYTHON_VERSION: undefined,
      AIRFLOW_IMAGE_REPO: 'apache/airflow',
      BASE_IMAGE: '${AIRFLOW_IMAGE_REPO}:${AIRFLOW_VERSION}-python${PYTHON_VERSION}',
    });
    const system = stage(dockerfile, 'system');
    // Docker keeps its predefined proxy args out of the image history only while they are not declared.
    const declared = dockerfile.stages.flatMap((s) => Object.keys(argsOf(s.instructions)));
    for (const name of ['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'PIP_INDEX_URL', 'UV_INDEX_URL'])
      expect(declared).not.toContain(name);
    expect(argsOf(system.instructions)).toEqual({
      CA_CERTS_DIR: 'docker/certs',
      WINDOWS_AUTH: 'false',
    });
    const env = system.instructions
      .filter((i) => i.keyword === 'ENV')
      .map((i) => i.args)
      .join(' ');
    for (const name of ['SSL_CERT_FILE', 'REQUESTS_CA_BUNDLE', 'PIP_CERT', 'UV_NATIVE_TLS'])
      expect(env).toContain(`${name}=`);
    expect(system.instructions.at(-1)).toMatchObject({ keyword: 'USER', args: '50000:0' });

    // The dependencies stage is keyed on the requirement files only: a DAG edit never reaches it.
    const dependencies = stage(dockerfile, 'dependencies');
    const copies = dependencies.instructions.filter((i) => i.keyword === 'COPY');
    expect(copies.map((i) => i.args.split(/\s+/).slice(0, -1))).toEqual([['requirements.txt']]);
    expect(argsOf(dependencies.instructions)).toMatchObject({ AIRFLOW_CONSTRAINTS: '' });
    for (const name of ['dependencies', 'development']) {
      const installs = stage(dockerfile, name).instructions.filter(
        (i) => i.keyword === 'RUN' && /uv pip install/.test(i.args),
      );
      expect(installs, name).toHaveLength(1);
      const mounts = installs[0]!.flags
        .filter((flag) => flag.name === 'mount')
        .map((flag) => mountOptions(flag.value));
      expect(mounts, name).toContainEqual({
        type: 'cache',
        target: '/home/airflow/.cache/uv',
        uid: '50000',
        gid: '0',
      });
      // The index URL arrives as a BuildKit secret, never as a build arg.
      expect(mounts, name).toContainEqual({ type: 'secret', id: 'pip_index_url', uid: '50000' });
      expect(installs[0]!.args, name).toContain(
        'UV_INDEX_URL="$(cat /run/secrets/pip_index_url)"; export UV_INDEX_URL;',
      );
      expect(installs[0]!.args, name).toMatch(
        /uv pip install "apache-airflow==\$\{AIRFLOW_VERSION\}" --constraint /,
      );
    }
    const runtime = stage(dockerfile, 'runtime');
    expect(
      runtime.instructions.filter((i) => i.keyword === 'COPY').map((i) => i.args.split(/\s+/)[0]),
    ).toEqual(['conf/', 'src/', 'include/', 'plugins/', 'dags/']);
    for (const copy of [...copies, ...runtime.instructions.filter((i) => i.keyword === 'COPY')]) {
      expect(copy.flags).toContainEqual({ name: 'chown', value: '50000:0' });
    }
  });

  it('adds the Kerberos and LDAP client tools only when windows-auth asks for them', async () => {
    const result = await generate();
    const dockerfile = parseDockerfile(text(result.cwd, 'Dockerfile.airflow'));
    const run = stage(dockerfile, 'system').instructions.find((i) => i.keyword === 'RUN')!;
    expect(run.args).toMatch(
      /if \[ "\$\{WINDOWS_AUTH\}" = "true" \]; then packages="\$\{packages\} krb5-user libsasl2-2 libsasl2-modules-gssapi-mit ldap-utils"/,
    );
    expect(readYaml(result, 'compose.yaml').services['airflow-apiserver'].build.args.WINDOWS_AUTH).toBe(
      'false',
    );
  });

  it('keeps secrets out of every generated file but .env', async () => {
    const result = await generate({ 'auth-manager': 'fab' });
    const env = text(result.cwd, '.env');
    const values = [
      ...env.matchAll(
        /^(?:AIRFLOW_FERNET_KEY|AIRFLOW_JWT_SECRET|AIRFLOW_API_SECRET_KEY|AIRFLOW_ADMIN_PASSWORD|ANALYTICS_DB_PASSWORD)=(.+)$/gm,
      ),
    ].map((m) => m[1]!);
    expect(values).toHaveLength(5);
    const files = execFileSync('find', [result.cwd, '-type', 'f', '!', '-name', '.env'], { encoding: 'utf8' })
      .trim()
      .split('\n');
    for (const file of files) {
      const content = readFileSync(file, 'utf8');
      for (const value of values) expect(content.includes(value), file).toBe(false);
    }
    const settings = readYaml(result, 'airflow_settings.yaml');
    expect(settings.connections.analytics_db).toMatchObject({
      conn_type: 'postgres',
      host: 'postgres',
      schema: 'analytics',
      login: 'analytics',
      password: '${ANALYTICS_DB_PASSWORD}',
    });
  });
});
