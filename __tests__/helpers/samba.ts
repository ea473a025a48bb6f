import { execFileSync } from 'node:child_process';
import type { Services } from './services.js';

/**
 * Run `samba-tool <args>` against the test domain controller as its administrator (users, groups, SPNs,
 * keytabs); its output, or an error with samba-tool's message when it fails.
 */
export function samba(services: Services, args: string[]): string {
  return execFileSync(
    'samba-tool',
    [
      ...args,
      '-H',
      services.ad.ldapUrl,
      '-U',
      services.ad.adminUser,
      `--password=${services.ad.adminPassword}`,
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 },
  );
}
