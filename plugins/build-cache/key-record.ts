import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CACHE_DIR, type BuildFingerprint } from './fingerprint.js';
import { imageTags } from './image-names.js';

/** The project's record of its current keys: what `data-eng build` will look for, per build and stage. */
export interface KeyRecord {
  readonly platform: string;
  readonly builds: Record<
    string,
    {
      readonly dockerfile: string;
      /** External images the stages build on or copy from. */
      readonly images?: readonly string[];
      readonly stages: Record<string, { readonly key: string; readonly weak?: readonly string[] }>;
    }
  >;
}

export function keyRecordFile(projectDir: string): string {
  return join(projectDir, CACHE_DIR, 'keys.json');
}

/** Turn fingerprints into the record kept in `.data-eng/cache/keys.json`. */
export function keyRecord(projectDir: string, fingerprints: readonly BuildFingerprint[]): KeyRecord {
  return {
    platform: fingerprints[0]?.platform ?? '',
    builds: Object.fromEntries(
      fingerprints.map((fp) => [
        fp.build,
        {
          dockerfile: relative(projectDir, fp.dockerfile).split('\\').join('/'),
          ...(fp.images.length ? { images: fp.images } : {}),
          stages: Object.fromEntries(
            fp.stages.map((s) => [
              s.stage,
              s.weakReasons.length ? { key: s.key, weak: s.weakReasons } : { key: s.key },
            ]),
          ),
        },
      ]),
    ),
  };
}

/** Write the record when it changed (atomically: concurrent runs never leave half a file). */
export function writeKeyRecord(projectDir: string, fingerprints: readonly BuildFingerprint[]): KeyRecord {
  const record = keyRecord(projectDir, fingerprints);
  const file = keyRecordFile(projectDir);
  const text = `${JSON.stringify(record, null, 2)}\n`;
  try {
    if (readFileSync(file, 'utf8') === text) return record;
  } catch {
    // no record yet
  }
  mkdirSync(join(projectDir, CACHE_DIR), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, text);
  renameSync(temp, file);
  return record;
}

/** The record of the last run, if there is a readable one. */
export function readKeyRecord(projectDir: string): KeyRecord | undefined {
  try {
    const record = JSON.parse(readFileSync(keyRecordFile(projectDir), 'utf8')) as KeyRecord;
    return typeof record.builds === 'object' && record.builds !== null ? record : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The images a cache hit will ask the engine for if nothing changed since the record was written: the
 * external images the stages build on and every wanted stage's keyed image. Asking for them while the
 * context is walked leaves a hit with no engine round trip to wait for after the walk.
 */
export function expectedImages(
  record: KeyRecord | undefined,
  project: string,
  wanted: string | undefined,
): string[] {
  return Object.entries(record?.builds ?? {}).flatMap(([name, build]) => [
    ...(build.images ?? []),
    ...Object.entries(build.stages ?? {})
      .filter(([stage, value]) => (!wanted || stage === wanted) && typeof value?.key === 'string')
      .map(([stage, value]) => imageTags(project, name, stage, value.key).keyed),
  ]);
}
