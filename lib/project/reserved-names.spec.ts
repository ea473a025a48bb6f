import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { IMAGE_MODULES } from './python-names.data.js';
import { reservedNameProblem } from './reserved-names.js';

const standin = new URL('../../scripts/images/airflow-standin/', import.meta.url);

describe('reservedNameProblem', () => {
  it.each([
    ['yaml', 'the module "yaml" that the Airflow image installs'],
    ['airflow', 'the module "airflow" that the Airflow image installs'],
    ['celery', 'the module "celery" that the Airflow image installs'],
    ['pendulum', 'the module "pendulum" that the Airflow image installs'],
    ['python-dateutil', 'the module "python_dateutil" that the Airflow image installs'],
    ['dateutil', 'the module "dateutil" that the Airflow image installs'],
    ['logging', 'the standard-library module "logging"'],
    ['test', 'the standard-library module "test"'],
    ['include', "the project's own folder include/"],
    ['tests', "the project's own folder tests/"],
  ])('refuses %s: the package src/<name> would hide %s', (name, hidden) => {
    expect(reservedNameProblem(name)).toBe(
      `the package src/${name.replaceAll('-', '_')} would hide ${hidden} (the project's src/ comes first on PYTHONPATH); choose another name, e.g. ${name}-pipelines`,
    );
  });

  it.each(['import', 'class', 'lambda'])('refuses the keyword %s, which no import could name', (name) => {
    expect(reservedNameProblem(name)).toBe(
      `"${name}" is a Python keyword, so the package src/${name} could not be imported; choose another name, e.g. ${name}-pipelines`,
    );
  });

  it.each(['sales-pipeline', 'data-eng-project', 'yaml-tools', 'airflow-dags-team'])('accepts %s', (name) => {
    expect(reservedNameProblem(name)).toBeUndefined();
  });

  it('knows every distribution the constraints pin, by its normalized and its import names', () => {
    const constraints = readFileSync(new URL('constraints.txt', standin), 'utf8');
    const importNames = JSON.parse(readFileSync(new URL('import-names.json', standin), 'utf8')) as Record<
      string,
      string[]
    >;
    const pinned = [...constraints.matchAll(/^([A-Za-z0-9][A-Za-z0-9._-]*)==/gm)].map((match) => match[1]!);
    expect(pinned.length).toBeGreaterThan(700);
    const known = new Set(IMAGE_MODULES);
    const missing = pinned.flatMap((dist) =>
      [
        dist.toLowerCase().replace(/[-.]+/g, '_'),
        ...(importNames[dist] ?? []).map((name) => name.toLowerCase()),
      ]
        .filter((name) => /^[a-z][a-z0-9_]*$/.test(name))
        .filter((name) => !known.has(name)),
    );
    expect(missing).toEqual([]);
  });
});
