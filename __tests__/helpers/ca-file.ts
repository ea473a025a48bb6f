import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A corporate root CA file in the user's downloads, outside the project, for --ad-ca-file. Its content is
 * PEM-shaped only: tests that need a CA that really signs something use the AD services' CA.
 */
export function caFile(label = 'corp'): string {
  const file = join(mkdtempSync(join(tmpdir(), `${label}-ca-`)), 'corp-root.pem');
  writeFileSync(file, '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUTest\n-----END CERTIFICATE-----\n');
  return file;
}
