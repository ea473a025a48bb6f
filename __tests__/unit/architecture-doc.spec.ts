import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/paths.js';

const DOC = readFileSync(join(REPO_ROOT, 'docs/ARCHITECTURE.md'), 'utf8');

describe('docs/ARCHITECTURE.md "Where to change what"', () => {
  it('names one place per change, and every path it names exists', () => {
    const section = DOC.split('## Where to change what')[1]!.split('\n## ')[0]!;
    const rows = section.split('\n').filter((line) => /^\| (?!to add|---)/.test(line));
    expect(rows.map((row) => row.split('|')[1]!.trim())).toEqual([
      'an answer (a question, its flag and default)',
      'a field of a service',
      'an orchestrator',
      'an Airflow or Python version',
      "an environment's answer (what it may override)",
      'a secrets source for Kubernetes',
      'a secret',
    ]);
    const paths = rows.flatMap((row) =>
      [...row.matchAll(/`([a-z_./<>-]+\/[a-z_./<>-]*)`/g)].map((m) => m[1]!),
    );
    expect(paths.length).toBeGreaterThanOrEqual(rows.length);
    for (const path of paths) {
      // `<part>` stands for any part: the airflow one must have it.
      const real = path.replace('<part>', 'airflow');
      expect(existsSync(join(REPO_ROOT, real)), path).toBe(true);
    }
  });

  it('every folder and file the Folders table names exists', () => {
    const section = DOC.split('## Folders')[1]!.split('\n## ')[0]!;
    const paths = [
      ...section.matchAll(/`((?:cli|lib|generators|plugins|__tests__|examples|scripts)\/[a-z_./<>-]*)`/g),
    ].map((m) =>
      m[1]!
        .replace('generators/<name>', 'generators/airflow')
        .replace('plugins/<name>', 'plugins/build-cache'),
    );
    expect(paths.length).toBeGreaterThan(10);
    for (const path of paths) expect(existsSync(join(REPO_ROOT, path)), path).toBe(true);
  });
});
