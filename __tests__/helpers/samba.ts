import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
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

/**
 * Users and groups for one test file, in an OU of their own named after the file's prefix: the names are known at
 * once, `create` makes them (in beforeAll) and `remove` deletes the OU with everything in it.
 */
export interface TestDirectory {
  readonly prefix: string;
  /** The OU's DN. */
  readonly ou: string;
  /** One password for every user. */
  readonly password: string;
  /** A user's or group's sAMAccountName: `<prefix>-<short>`. */
  readonly name: (short: string) => string;
  readonly groupDn: (short: string) => string;
  /** A user's UPN, `<name>@<domain>`. */
  readonly upn: (short: string) => string;
  /** A user's Kerberos principal, `<name>@<REALM>`. */
  readonly principal: (short: string) => string;
  create(contents: DirectoryContents): void;
  remove(): void;
}

export interface DirectoryContents {
  readonly users: readonly string[];
  readonly groups?: readonly string[];
  /** Members by group: users or groups, by their short names. */
  readonly members?: Readonly<Record<string, readonly string[]>>;
  readonly disabled?: readonly string[];
}

/** A fresh prefix for one test file's names: `<label><6 hex>`. */
export const testPrefix = (label: string): string => `${label}${randomBytes(3).toString('hex')}`;

/** The test directory of a prefix; nothing is made until `create`. */
export function testDirectory(services: Services, prefix: string): TestDirectory {
  const ouName = `OU=${prefix}`;
  const ou = `${ouName},${services.ad.baseDn}`;
  const name = (short: string): string => `${prefix}-${short}`;
  let created = false;
  return {
    prefix,
    ou,
    password: `Pw-${randomBytes(6).toString('hex')}!9aB`,
    name,
    groupDn: (short) => `CN=${name(short)},${ou}`,
    upn: (short) => `${name(short)}@${services.ad.domain}`,
    principal: (short) => `${name(short)}@${services.ad.realm}`,
    create(contents) {
      samba(services, ['ou', 'add', ou]);
      created = true;
      for (const user of contents.users)
        samba(services, ['user', 'create', name(user), this.password, `--userou=${ouName}`]);
      for (const group of contents.groups ?? [])
        samba(services, ['group', 'add', name(group), `--groupou=${ouName}`]);
      for (const [group, members] of Object.entries(contents.members ?? {}))
        samba(services, ['group', 'addmembers', name(group), members.map(name).join(',')]);
      for (const user of contents.disabled ?? []) samba(services, ['user', 'disable', name(user)]);
    },
    remove() {
      if (created) samba(services, ['ou', 'delete', ou, '--force-subtree-delete']);
    },
  };
}
