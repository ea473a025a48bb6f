/**
 * What kind of credential cache a KRB5CCNAME (or default_ccache_name) names, and whether a container can
 * share it. Only a FILE cache in a folder the container mounts can be read from inside Docker.
 */

/** The credential cache types MIT Kerberos knows, plus anything else. */
export type CcacheType = 'FILE' | 'DIR' | 'KEYRING' | 'KCM' | 'API' | 'MEMORY' | 'MSLSA' | 'OTHER';

/** A cache name, classified. */
export interface CcacheName {
  readonly type: CcacheType;
  /** The part after TYPE: (the path for FILE and DIR). */
  readonly residual: string;
  /** Whether a container can read it through a bind-mounted folder. */
  readonly shareable: boolean;
  /** Why not, and how to switch; undefined when shareable. */
  readonly reason?: string;
}

const WHY_NOT: Record<Exclude<CcacheType, 'FILE'>, string> = {
  DIR: 'a DIR collection keeps the primary ticket in a file whose name changes',
  KEYRING: 'the ticket lives in the kernel keyring of your session, which containers cannot see',
  KCM: 'the ticket lives in the KCM daemon (sssd-kcm), reachable only through its socket on the host',
  API: 'the ticket lives in the platform credential API (macOS/Windows), not in a file',
  MEMORY: 'the ticket lives in the memory of one process and vanishes with it',
  MSLSA: 'the ticket lives in the Windows LSA, which WSL2 and containers cannot read',
  OTHER: 'containers can only read a FILE cache',
};

/** Expand the %{uid}-style tokens MIT accepts in default_ccache_name. */
export function expandCcacheTokens(name: string, uid: number): string {
  return name
    .replaceAll('%{uid}', String(uid))
    .replaceAll('%{euid}', String(uid))
    .replaceAll('%{TEMP}', '/tmp')
    .replaceAll('%{null}', '');
}

/** Classify a cache name; a name without a TYPE: prefix is a FILE path, as MIT reads it. */
export function parseCcacheName(name: string, switchTo: string): CcacheName {
  const match = /^([A-Za-z]+):(.*)$/.exec(name);
  const prefix = match ? match[1]!.toUpperCase() : 'FILE';
  const residual = match ? match[2]! : name;
  const type = (
    ['FILE', 'DIR', 'KEYRING', 'KCM', 'API', 'MEMORY', 'MSLSA'].includes(prefix) ? prefix : 'OTHER'
  ) as CcacheType;
  if (type === 'FILE') return { type, residual, shareable: true };
  return {
    type,
    residual,
    shareable: false,
    reason: `${WHY_NOT[type]}; switch to a FILE cache: export KRB5CCNAME=FILE:${switchTo} (in ~/.bashrc), then run kinit again`,
  };
}

/**
 * The cache kinit uses, as MIT resolves it: KRB5CCNAME, else default_ccache_name from krb5.conf,
 * else FILE:/tmp/krb5cc_<uid>.
 */
export function effectiveCcacheName(
  env: NodeJS.ProcessEnv,
  defaultCcacheName: string | undefined,
  uid: number,
): { name: string; source: string } {
  if (env.KRB5CCNAME) return { name: env.KRB5CCNAME, source: 'KRB5CCNAME' };
  if (defaultCcacheName) {
    return { name: expandCcacheTokens(defaultCcacheName, uid), source: 'default_ccache_name in krb5.conf' };
  }
  return { name: `FILE:/tmp/krb5cc_${uid}`, source: 'the MIT default' };
}
