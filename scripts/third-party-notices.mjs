// The notices the bundled packages' licenses ask for: every package esbuild put into the bundle
// (from its metafile), with its name, version, license and the text of its license file, written to
// <outDir>/THIRD-PARTY-NOTICES.md, which ships in the package beside the bundle.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, sep } from 'node:path';

/** The folder of the package a bundled file belongs to, or undefined for our own sources. */
function packageDirOf(file) {
  const marker = `node_modules${sep}`;
  const at = file.lastIndexOf(marker);
  if (at < 0) return undefined;
  const rest = file.slice(at + marker.length).split(sep);
  const nameLength = rest[0].startsWith('@') ? 2 : 1;
  return file.slice(0, at + marker.length) + rest.slice(0, nameLength).join(sep);
}

/** The text of every license and notice file a package ships, in name order. */
function licenseText(dir) {
  const files = readdirSync(dir)
    .filter((name) => /^(licen[cs]e|copying|notice)([.-]|$)/i.test(name))
    .sort();
  return files.length > 0
    ? files.map((name) => readFileSync(join(dir, name), 'utf8').trim()).join('\n\n')
    : undefined;
}

/** package.json's license: an SPDX string, or the older { type } object and [{ type }] list. */
function licenseName(pkg) {
  const field = pkg.license ?? pkg.licenses;
  if (typeof field === 'string') return field;
  if (Array.isArray(field)) return field.map((item) => item?.type ?? String(item)).join(' OR ');
  if (field && typeof field === 'object' && typeof field.type === 'string') return field.type;
  return 'not stated in package.json (see the text below)';
}

/** Write <outDir>/THIRD-PARTY-NOTICES.md; returns the packages it lists. */
export function writeNotices(metafile, outDir) {
  const dirs = new Set();
  for (const input of Object.keys(metafile.inputs)) {
    const path = input.replace(/^[a-z-]+:/, '');
    const dir = packageDirOf(path.split('/').join(sep));
    if (dir && existsSync(join(dir, 'package.json'))) dirs.add(dir);
  }
  const packages = [...dirs]
    .map((dir) => {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      return {
        name: pkg.name,
        version: pkg.version,
        license: licenseName(pkg),
        text: licenseText(dir),
      };
    })
    .filter(
      (pkg, index, all) =>
        all.findIndex((other) => other.name === pkg.name && other.version === pkg.version) === index,
    )
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const sections = packages.map(
    (pkg) =>
      `## ${pkg.name} ${pkg.version}\n\nLicense: ${pkg.license}\n\n` +
      (pkg.text
        ? '```text\n' + pkg.text.replaceAll('```', "'''") + '\n```\n'
        : `The package ships no license file; its package.json names the ${pkg.license} license.\n`),
  );
  writeFileSync(
    join(outDir, 'THIRD-PARTY-NOTICES.md'),
    `# Third-party notices\n\nThe JavaScript in this folder bundles the following packages. Each is listed with the\nlicense its package.json names and the text of the license file it ships.\n\n${sections.join('\n')}`,
  );
  return packages;
}
