// Build-context fixtures for bench-cache.mjs: N files of equal size under dags/, 100 per folder, each
// with its own header so no two files are alike (content does not change hashing speed, size does).
// Usage: node bench/make-context.mjs <dir> <files> <total-bytes>
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Write `files` files totalling about `bytes` under `<dir>/dags`, unless a marker says this exact set is
 * already there (1 GB takes a while to write). Returns the number of bytes written or found.
 */
export function makeContext(dir, files, bytes) {
  const marker = join(dir, '.bench-context');
  const want = `${files} ${bytes}`;
  if (existsSync(marker) && readFileSync(marker, 'utf8') === want) return bytes;
  const size = Math.max(64, Math.floor(bytes / files));
  const pool = randomBytes(size + 4096);
  for (let i = 0; i < files; i++) {
    const folder = join(dir, 'dags', `pkg_${String(Math.floor(i / 100)).padStart(4, '0')}`);
    if (i % 100 === 0) mkdirSync(folder, { recursive: true });
    const header = Buffer.from(`# bench file ${i}\n`);
    const offset = (i * 97) % 4096;
    writeFileSync(
      join(folder, `task_${i}.py`),
      Buffer.concat([header, pool.subarray(offset, offset + size - header.length)]),
    );
  }
  writeFileSync(marker, want);
  return bytes;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [dir, files, bytes] = process.argv.slice(2);
  if (!dir || !files || !bytes) {
    process.stderr.write('Usage: node bench/make-context.mjs <dir> <files> <total-bytes>\n');
    process.exit(2);
  }
  makeContext(dir, Number(files), Number(bytes));
}
