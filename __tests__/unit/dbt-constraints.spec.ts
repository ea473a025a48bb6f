import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { satisfies } from '@renovatebot/pep440';
import { expect, it } from 'vitest';
import { DBT_CORE_VERSION, DBT_POSTGRES_VERSION, DEFAULT_AIRFLOW_VERSION } from '../../lib/versions.js';
import { REPO_ROOT } from '../helpers/paths.js';

/** A distribution name as PEP 503 compares them: lower case, runs of -, _ and . as one -. */
const normal = (name: string): string => name.toLowerCase().replace(/[-_.]+/g, '-');

/** Airflow's constraints file: every pinned distribution and its version. */
function constraints(): Map<string, string> {
  const text = readFileSync(join(REPO_ROOT, 'scripts/images/airflow-standin/constraints.txt'), 'utf8');
  return new Map(
    [...text.matchAll(/^([A-Za-z0-9][\w.-]*)==([^\s;#]+)/gm)].map((m) => [normal(m[1]!), m[2]!] as const),
  );
}

/** One package's published requirements (test data, see its SOURCE.md) as name and version specifier. */
function requirements(file: string): { name: string; specifier: string }[] {
  const text = readFileSync(join(REPO_ROOT, '__tests__/fixtures/dbt-requirements', file), 'utf8');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const match = /^([A-Za-z0-9][\w.-]*)(\[[^\]]*\])?\s*(.*)$/.exec(line.trim())!;
      return { name: normal(match[1]!), specifier: match[3]!.trim() };
    });
}

it("checks the pinned dbt against Airflow's constraints: only protobuf disagrees, which is why dbt has its own environment", () => {
  const pinned = constraints();
  // The constraints file kept as test data is the default Airflow's (its SOURCE.md names it).
  expect(DEFAULT_AIRFLOW_VERSION).toBe('3.0.6');
  expect(pinned.size).toBeGreaterThan(500);
  const conflicts: string[] = [];
  for (const [dist, file] of [
    ['dbt-core', `dbt-core-${DBT_CORE_VERSION}.txt`],
    ['dbt-postgres', `dbt-postgres-${DBT_POSTGRES_VERSION}.txt`],
  ] as const) {
    for (const { name, specifier } of requirements(file)) {
      const version = pinned.get(name);
      if (version === undefined || specifier === '') continue;
      if (!satisfies(version, specifier))
        conflicts.push(`${dist} needs ${name}${specifier}; Airflow pins ${version}`);
    }
  }
  // ADR 0012 and docs/dbt.md rest on this: installed under Airflow's constraints, dbt-core would not resolve.
  expect(conflicts).toEqual(['dbt-core needs protobuf>=5.0,<6.0; Airflow pins 4.25.8']);
});
