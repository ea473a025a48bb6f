import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DIST, REPO_ROOT } from './paths.js';

function treeStamp(dir: string): string {
  const hash = createHash('sha256');
  const walk = (current: string): void => {
    for (const entry of readdirSync(current, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) walk(path);
      else hash.update(`${path}:${statSync(path).size}:${statSync(path).mtimeMs}\n`);
    }
  };
  walk(dir);
  // The tarball holds bin/ and the license too, not only the build.
  walk(join(REPO_ROOT, 'bin'));
  hash.update(readFileSync(join(REPO_ROOT, 'package.json')));
  if (existsSync(join(REPO_ROOT, 'LICENSE'))) hash.update(readFileSync(join(REPO_ROOT, 'LICENSE')));
  return hash.digest('hex').slice(0, 16);
}

/**
 * `npm pack` this package as a user would get it, once per build: the tarball is cached by the build's contents.
 * A build in another folder (DATA_ENG_DIST) is packed from a staging copy where it is named dist.
 */
export function packPackage(): string {
  const stamp = treeStamp(DIST);
  const out = join(tmpdir(), 'data-eng-pack', stamp);
  const existing = existsSync(out) ? readdirSync(out).find((name) => name.endsWith('.tgz')) : undefined;
  if (existing) return join(out, existing);
  mkdirSync(out, { recursive: true });
  let source = REPO_ROOT;
  if (!DIST.replace(/\/$/, '').endsWith('/dist')) {
    source = join(out, 'staging');
    for (const entry of ['package.json', 'bin', 'docs', 'README.md', 'LICENSE']) {
      if (existsSync(join(REPO_ROOT, entry)))
        cpSync(join(REPO_ROOT, entry), join(source, entry), { recursive: true });
    }
    cpSync(DIST, join(source, 'dist'), { recursive: true });
  }
  const name = execFileSync('npm', ['pack', '--silent', '--ignore-scripts', '--pack-destination', out], {
    cwd: source,
    encoding: 'utf8',
  })
    .trim()
    .split('\n')
    .pop()!;
  return join(out, name);
}

/** Install tarballs into a fresh folder with npm, as a user would (only the npm registry is needed). */
export function installInto(dir: string, tarballs: readonly string[]): void {
  if (!existsSync(join(dir, 'package.json'))) {
    execFileSync('npm', ['init', '-y'], { cwd: dir, stdio: 'pipe' });
  }
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...tarballs], {
    cwd: dir,
    stdio: 'pipe',
  });
}
