import { dnKey, looksLikeDn, tidyDn } from './dn.js';

/** The Airflow roles an AD group can map to, most powerful first. */
export const AIRFLOW_ROLES = ['Admin', 'Op', 'User', 'Viewer'] as const;
/** One of Airflow's built-in roles. */
export type AirflowRole = (typeof AIRFLOW_ROLES)[number];
/** The role for a user in no mapped group; `none` refuses them. */
export type DefaultRole = 'Viewer' | 'User' | 'Op' | 'none';

/** One line of the mapping: members of `group` (a DN) get `role`. */
export interface RoleMappingEntry {
  readonly role: AirflowRole;
  readonly group: string;
}

const ENTRY_START = new RegExp(`^\\s*(${AIRFLOW_ROLES.join('|')})\\s*=`, 'i');
const GROUP_FIRST = new RegExp(`=\\s*(${AIRFLOW_ROLES.join('|')})\\s*$`, 'i');

/** A mapping that cannot be read; the message is one sentence naming the entry and the fix. */
export class RoleMappingError extends Error {
  override readonly name = 'RoleMappingError';
}

function canonicalRole(text: string): AirflowRole {
  return AIRFLOW_ROLES.find((role) => role.toLowerCase() === text.toLowerCase())!;
}

/**
 * Read `Role=GroupDN` entries, e.g. `Admin=CN=Airflow Admins,OU=Groups,DC=corp,DC=example,DC=com`.
 * Entries may also be separated by `;`. A DN's own commas are kept: a command-line list arrives split on
 * commas, and a piece that does not start with a role continues the entry before it.
 */
export function parseRoleMapping(raw: readonly string[]): RoleMappingEntry[] {
  const pieces = raw.flatMap((item) => item.split(';')).filter((piece) => piece.trim() !== '');
  const texts: string[] = [];
  for (const piece of pieces) {
    if (ENTRY_START.test(piece)) texts.push(piece.trim());
    else if (texts.length > 0) texts[texts.length - 1] += `,${piece.trim()}`;
    else if (GROUP_FIRST.test(piece) || raw.some((item) => GROUP_FIRST.test(item))) {
      throw new RoleMappingError(
        `The role mapping entry "${piece.trim()}" puts the group first; write the role first, e.g. Admin=CN=Airflow Admins,OU=Groups,DC=corp,DC=example,DC=com.`,
      );
    } else {
      throw new RoleMappingError(
        `The role mapping entry "${piece.trim()}" does not start with a role; write Role=GroupDN with Role one of ${AIRFLOW_ROLES.join(', ')}.`,
      );
    }
  }
  return texts.map((text) => {
    const match = ENTRY_START.exec(text)!;
    const group = text.slice(match[0].length).trim();
    if (!looksLikeDn(group)) {
      throw new RoleMappingError(
        `The group of "${text}" is not a distinguished name; write the group's full DN as AD shows it, e.g. CN=Airflow Admins,OU=Groups,DC=corp,DC=example,DC=com.`,
      );
    }
    return { role: canonicalRole(match[1]!), group: tidyDn(group) };
  });
}

/** The mapping problem as one sentence, or undefined when it reads fine (for answer validation). */
export function roleMappingProblem(raw: unknown): string | undefined {
  if (!Array.isArray(raw)) return 'use a list of Role=GroupDN entries';
  try {
    parseRoleMapping(raw as string[]);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** The group a new project maps to Admin unless told otherwise: `Airflow Admins` in the domain's Users container. */
export function defaultAdminGroup(baseDn: string): string {
  return `CN=Airflow Admins,CN=Users,${baseDn}`;
}

/**
 * Under AD login FAB looks every user up in AD, so the only way to an Admin is a group mapped to it: the
 * problem as one sentence when no entry gives Admin, or undefined.
 */
export function adminMappingProblem(raw: readonly string[], baseDn: string): string | undefined {
  if (parseRoleMapping(raw).some((entry) => entry.role === 'Admin')) return undefined;
  return `no AD group is mapped to Admin, and under AD login nobody can sign in with a database user; map one, e.g. Admin=${defaultAdminGroup(baseDn)}`;
}

/** The entries as stored in .yo-rc.json: `Role=GroupDN`, one per item. */
export function formatRoleMapping(entries: readonly RoleMappingEntry[]): string[] {
  return entries.map((entry) => `${entry.role}=${entry.group}`);
}

/** AUTH_ROLES_MAPPING: group DN → roles, in the order the groups were first given. */
export function fabRolesMapping(entries: readonly RoleMappingEntry[]): Record<string, AirflowRole[]> {
  const mapping: Record<string, AirflowRole[]> = {};
  for (const { group, role } of entries) {
    const roles = (mapping[group] ??= []);
    if (!roles.includes(role)) roles.push(role);
  }
  for (const roles of Object.values(mapping)) roles.sort((a, b) => rank(a) - rank(b));
  return mapping;
}

function rank(role: string): number {
  const index = (AIRFLOW_ROLES as readonly string[]).indexOf(role);
  return index < 0 ? AIRFLOW_ROLES.length : index;
}

/** A group the user is in: listed in memberOf (direct) or found through AD's matching rule in chain. */
export interface UserGroup {
  readonly dn: string;
  readonly via: 'direct' | 'nested';
}

/** Why a role is given: a mapped group (direct or nested), or the default role every user gets. */
export type RoleReason =
  | {
      readonly kind: 'group';
      readonly group: string;
      readonly via: 'direct' | 'nested';
      readonly entry: string;
    }
  | { readonly kind: 'default' };

/** A role and every reason the user gets it. */
export interface RoleGrant {
  readonly role: AirflowRole;
  readonly reasons: readonly RoleReason[];
}

/** A mapped group the user is in, spelled differently from the mapping: FAB compares exact strings. */
export interface NearMiss {
  readonly mapped: string;
  readonly actual: string;
}

/** The outcome of FAB's role rule for one user. */
export interface RoleComputation {
  readonly grants: readonly RoleGrant[];
  /** Whether any mapped group matched. */
  readonly mapped: boolean;
  /** True when the user is in no mapped group and the default role is `none`: the login is refused. */
  readonly refused: boolean;
  readonly nearMisses: readonly NearMiss[];
}

/**
 * The roles FAB's LDAP login gives: every mapping entry whose group DN equals (exactly) one of the
 * user's group DNs, plus AUTH_USER_REGISTRATION_ROLE, which FAB adds for every user (the default role).
 */
export function computeRoles(input: {
  readonly entries: readonly RoleMappingEntry[];
  readonly groups: readonly UserGroup[];
  readonly defaultRole: DefaultRole;
}): RoleComputation {
  const byDn = new Map(input.groups.map((group) => [group.dn, group]));
  const byKey = new Map(input.groups.map((group) => [dnKey(group.dn), group]));
  const reasons = new Map<AirflowRole, RoleReason[]>();
  const nearMisses: NearMiss[] = [];
  for (const entry of input.entries) {
    const group = byDn.get(entry.group);
    if (group) {
      const list = reasons.get(entry.role) ?? [];
      list.push({ kind: 'group', group: group.dn, via: group.via, entry: `${entry.role}=${entry.group}` });
      reasons.set(entry.role, list);
      continue;
    }
    const near = byKey.get(dnKey(entry.group));
    if (near && !nearMisses.some((miss) => miss.mapped === entry.group)) {
      nearMisses.push({ mapped: entry.group, actual: near.dn });
    }
  }
  const mapped = reasons.size > 0;
  if (input.defaultRole !== 'none') {
    const list = reasons.get(input.defaultRole) ?? [];
    list.push({ kind: 'default' });
    reasons.set(input.defaultRole, list);
  }
  const grants = [...reasons.entries()]
    .sort(([a], [b]) => rank(a) - rank(b))
    .map(([role, why]) => ({ role, reasons: why }));
  return { grants, mapped, refused: !mapped && input.defaultRole === 'none', nearMisses };
}
