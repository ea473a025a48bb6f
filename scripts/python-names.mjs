#!/usr/bin/env node
// Writes lib/project/python-names.data.ts: the names a project's Python package must not take, because
// `src/<package>` comes first on PYTHONPATH in the Airflow containers and would hide a real module.
//
//   node scripts/python-names.mjs          write the file
//
// Sources (all named in the file it writes):
//   - keywords and standard-library modules: this machine's python3 (keyword.kwlist,
//     sys.stdlib_module_names), plus the modules later Pythons removed, so every supported Python is covered;
//   - what the image installs: the distributions Airflow's constraints pin
//     (scripts/images/airflow-standin/constraints.txt, Airflow 3.0.6 / Python 3.12, see SOURCE.md there),
//     as their import names: the normalized distribution name, and for those whose import name differs,
//     the names in scripts/images/airflow-standin/import-names.json.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = `${root}lib/project/python-names.data.ts`;
const constraintsFile = `${root}scripts/images/airflow-standin/constraints.txt`;
const importNames = JSON.parse(
  readFileSync(`${root}scripts/images/airflow-standin/import-names.json`, 'utf8'),
);

// Standard-library modules sys.stdlib_module_names leaves out: `test` (CPython's own test suite, installed
// with it in the python images), and those Python 3.12 and 3.13 removed, still in older images.
const EXTRA_STDLIB = [
  'test',
  'aifc',
  'asynchat',
  'asyncore',
  'audioop',
  'cgi',
  'cgitb',
  'chunk',
  'crypt',
  'distutils',
  'imghdr',
  'imp',
  'lib2to3',
  'mailcap',
  'msilib',
  'nis',
  'nntplib',
  'ossaudiodev',
  'pipes',
  'smtpd',
  'sndhdr',
  'spwd',
  'sunau',
  'telnetlib',
  'uu',
  'xdrlib',
];

const python = JSON.parse(
  execFileSync(
    'python3',
    [
      '-c',
      'import json, keyword, sys; print(json.dumps({"version": sys.version.split()[0], "keywords": keyword.kwlist, "stdlib": sorted(sys.stdlib_module_names)}))',
    ],
    { encoding: 'utf8' },
  ),
);
const constraints = readFileSync(constraintsFile, 'utf8');
const header = /generated on (\S+)/.exec(constraints)?.[1] ?? 'unknown';
const image = new Set(['airflow']);
for (const line of constraints.split('\n')) {
  const match = /^([A-Za-z0-9][A-Za-z0-9._-]*)==/.exec(line);
  if (!match) continue;
  const dist = match[1];
  image.add(dist.toLowerCase().replace(/[-.]+/g, '_'));
  for (const name of importNames[dist] ?? []) image.add(name);
}
const lower = (names) =>
  [...new Set(names.map((name) => name.toLowerCase()))]
    .filter((name) => /^[a-z][a-z0-9_]*$/.test(name))
    .sort();
const list = (names) =>
  lower(names)
    .map((name) => `'${name}'`)
    .join(', ');
const wrap = (text) => text.replace(/(.{1,110})(, |$)/g, '  $1,\n').replace(/,,\n$/, ',\n');

const text = `// Written by scripts/python-names.mjs; do not edit (run it again). Checked by reserved-names.spec.ts.

/** Python's keywords (keyword.kwlist of Python ${python.version}): a package named so cannot be imported. */
export const PYTHON_KEYWORDS: readonly string[] = [
${wrap(list(python.keywords.filter((word) => word === word.toLowerCase())))}];

/**
 * Standard-library modules: sys.stdlib_module_names of Python ${python.version}, plus \`test\` (CPython's test
 * suite, which that list leaves out) and the modules Python 3.12 and 3.13 removed.
 */
export const STDLIB_MODULES: readonly string[] = [
${wrap(list([...python.stdlib, ...EXTRA_STDLIB]))}];

/**
 * Top-level modules of what the Airflow image installs: every distribution Apache Airflow's constraints pin
 * for Airflow 3.0.6 and Python 3.12 (constraints-3.12.txt of the constraints-3.0.6 tag, generated ${header}),
 * by its normalized name and, where the import name differs, by its import names.
 */
export const IMAGE_MODULES: readonly string[] = [
${wrap(list([...image]))}];
`;
writeFileSync(out, text);
