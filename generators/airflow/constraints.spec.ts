import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AIRFLOW_VERSIONS, DEFAULT_AIRFLOW_VERSION, DEFAULT_PYTHON_VERSION } from '../../lib/versions.js';
import { parseDockerfile, stage } from '../../__tests__/helpers/airflow-dockerfile.js';
import { REPO_ROOT } from '../../__tests__/helpers/paths.js';
import { caFile } from '../../__tests__/helpers/ca-file.js';
import { projectDir, runGenerator } from '../../__tests__/helpers/run-generator.js';

/**
 * Apache Airflow's constraints for Airflow 3.0.6 and Python 3.12, the default pair: constraints-3.12.txt of
 * the constraints-3.0.6 tag of apache/airflow, generated 2025-08-23 (source and checksum in
 * scripts/images/airflow-standin/SOURCE.md). The official image is built with exactly these pins, so whatever
 * Dockerfile.airflow installs must fit them.
 *
 * Not checked here: the other Airflow versions the generator offers, whose constraints files are not kept as
 * test data.
 */
const CONSTRAINTS = readFileSync(join(REPO_ROOT, 'scripts/images/airflow-standin/constraints.txt'), 'utf8');
const UNCHECKED_VERSIONS = AIRFLOW_VERSIONS.filter((version) => version !== DEFAULT_AIRFLOW_VERSION);

/** Requirements the constraints do not pin, and why installing them under the constraints is safe. */
const NOT_PINNED: Record<string, string> = {
  'pre-commit':
    'a development-stage tool that runs hooks in environments of its own; its dependencies (cfgv, identify, nodeenv, virtualenv, PyYAML) are pinned',
};

const normalize = (name: string): string => name.toLowerCase().replace(/[-_.]+/g, '-');
const PINS = new Map(
  [...CONSTRAINTS.matchAll(/^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)$/gm)].map((match) => [
    normalize(match[1]!),
    match[2]!,
  ]),
);

/** A requirement line: its name and its version specifiers (PEP 508, without extras or markers here). */
function requirement(line: string): { name: string; specifiers: string[] } {
  const match = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(.*)$/.exec(line)!;
  return {
    name: normalize(match[1]!),
    specifiers: match[2]!
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean),
  };
}

const release = (version: string): number[] =>
  version.split('.').map((part) => Number.parseInt(part, 10) || 0);
function compare(a: string, b: string): number {
  const [x, y] = [release(a), release(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const diff = (x[i] ?? 0) - (y[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}
/** Whether a pinned version satisfies one specifier (release numbers only; enough for these files). */
function satisfies(version: string, specifier: string): boolean {
  const [, op, wanted] = /^(==|!=|>=|<=|>|<|~=)\s*(\S+)$/.exec(specifier) ?? [];
  const c = compare(version, wanted ?? '0');
  switch (op) {
    case '==':
      return c === 0;
    case '!=':
      return c !== 0;
    case '>=':
      return c >= 0;
    case '<=':
      return c <= 0;
    case '>':
      return c > 0;
    case '<':
      return c < 0;
    case '~=':
      return c >= 0 && compare(version, `${release(wanted!).slice(0, -1).join('.')}.9999`) <= 0;
    default:
      throw new Error(`unknown specifier ${specifier}`);
  }
}

const VARIANTS: Record<string, Record<string, unknown>> = {
  'the defaults': {},
  'CeleryExecutor, simple auth': { executor: 'CeleryExecutor', 'auth-manager': 'simple' },
  'windows-auth (keytab)': {
    components: 'postgres,airflow,devcontainer,windows-auth',
    'kerberos-mode': 'keytab',
    'ad-ca-file': caFile(),
  },
};

describe(`Dockerfile.airflow installs only what Airflow ${DEFAULT_AIRFLOW_VERSION}'s constraints allow (Python ${DEFAULT_PYTHON_VERSION}; not checked: ${UNCHECKED_VERSIONS.join(', ')})`, () => {
  it('the constraints file is the one for the default versions', () => {
    expect(CONSTRAINTS).toContain('generated on 2025-08-23T18:07:04');
    expect(PINS.get('apache-airflow-providers-fab')).toBe('2.4.1');
    expect(PINS.get('flask-appbuilder')).toBe('4.6.3');
  });

  it.each(Object.entries(VARIANTS))(
    '%s: no pin removed, every requirement fits its pin',
    async (_, options) => {
      const dir = projectDir();
      await runGenerator('app', { name: 'pins', ...options }, dir);
      const dockerfile = parseDockerfile(readFileSync(join(dir, 'Dockerfile.airflow'), 'utf8'));
      const installs = ['dependencies', 'development'].map((name) =>
        stage(dockerfile, name).instructions.find(
          (i) => i.keyword === 'RUN' && /uv pip install/.test(i.args),
        )!,
      );
      const files = new Set<string>();
      for (const install of installs) {
        // The constraints file is copied as it is: nothing filters, edits or relaxes it.
        expect(install.args).not.toMatch(/grep -v|sed |\.relaxed|--override/);
        const command = /uv pip install (.*)$/.exec(install.args)![1]!;
        const words = command.split(/\s+/);
        const targets: string[] = [];
        for (let i = 0; i < words.length; i++) {
          if (words[i] === '--constraint') i++;
          else if (words[i] === '--requirement') files.add(words[++i]!.split('/').pop()!);
          else targets.push(words[i]!);
        }
        expect(targets).toEqual(['"apache-airflow==${AIRFLOW_VERSION}"']);
      }
      expect([...files].sort()).toEqual(['requirements-dev.txt', 'requirements.txt']);
      const problems: string[] = [];
      for (const file of files) {
        const lines = readFileSync(join(dir, file), 'utf8')
          .split('\n')
          .map((line) => line.replace(/#.*$/, '').trim())
          .filter(Boolean);
        for (const line of lines) {
          const { name, specifiers } = requirement(line);
          const pinned = PINS.get(name);
          if (pinned === undefined) {
            if (!NOT_PINNED[name]) problems.push(`${file}: ${name} is not pinned by the constraints`);
            continue;
          }
          for (const specifier of specifiers) {
            if (!satisfies(pinned, specifier))
              problems.push(`${file}: ${line} excludes the pinned ${pinned}`);
          }
        }
      }
      expect(problems).toEqual([]);
    },
  );
});
