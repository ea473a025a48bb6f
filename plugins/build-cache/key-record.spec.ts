import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { expectedImages, keyRecordFile, readKeyRecord, type KeyRecord } from './key-record.js';

const KEY = (digit: string): string => digit.repeat(64);
const RECORD: KeyRecord = {
  platform: 'linux/amd64',
  builds: {
    airflow: {
      dockerfile: 'Dockerfile.airflow',
      images: ['local/debian:bookworm'],
      stages: { dependencies: { key: KEY('a') }, runtime: { key: KEY('b') } },
    },
  },
};

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('the key record of the last run', () => {
  it('names the base images and every stage image a hit will ask the engine for', () => {
    expect(expectedImages(RECORD, 'Sales', undefined)).toEqual([
      'local/debian:bookworm',
      `sales-airflow:dependencies-${'a'.repeat(12)}`,
      `sales-airflow:runtime-${'b'.repeat(12)}`,
    ]);
  });

  it('names only the wanted target with --target, and nothing without a record', () => {
    expect(expectedImages(RECORD, 'sales', 'runtime')).toEqual([
      'local/debian:bookworm',
      `sales-airflow:runtime-${'b'.repeat(12)}`,
    ]);
    expect(expectedImages(undefined, 'sales', undefined)).toEqual([]);
  });

  it('reads a record back, and takes a damaged one for none', () => {
    const dir = mkdtempSync(join(tmpdir(), 'build-cache-record-'));
    dirs.push(dir);
    expect(readKeyRecord(dir)).toBeUndefined();
    mkdirSync(join(dir, '.data-eng', 'cache'), { recursive: true });
    writeFileSync(keyRecordFile(dir), JSON.stringify(RECORD));
    expect(readKeyRecord(dir)).toEqual(RECORD);
    writeFileSync(keyRecordFile(dir), '{"builds": nul');
    expect(readKeyRecord(dir)).toBeUndefined();
  });
});
