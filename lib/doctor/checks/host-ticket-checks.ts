import { readFileSync, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { CheckResult } from '../check.js';
import { effectiveCcacheName, parseCcacheName } from '../../auth/kerberos/ccache-name.js';
import { parseKrb5Conf } from '../../auth/kerberos/krb5-conf.js';
import type { ResolvedWindowsAuth } from '../../auth/settings/settings.js';
import { ticketMounts } from '../../auth/kerberos/ticket-mounts.js';
import { readTicket } from '../../auth/kerberos/ticket-status.js';

/** What the host-side Kerberos checks look at. */
export interface HostTicketState {
  readonly dir: string;
  readonly auth: ResolvedWindowsAuth;
  readonly dotenv: Readonly<Record<string, string>>;
  /** The host cache file the containers read. */
  readonly cacheFile: string;
}

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function statOf(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/** default_ccache_name of the host's krb5.conf (KRB5_CONFIG may list several files). */
function hostDefaultCcacheName(env: NodeJS.ProcessEnv): string | undefined {
  for (const file of (env.KRB5_CONFIG ?? '/etc/krb5.conf').split(':')) {
    const text = read(file);
    if (text !== undefined) return parseKrb5Conf(text).libdefaults.default_ccache_name;
  }
  return undefined;
}

/** kinit must write a FILE cache, and exactly the one the containers read. */
export function checkCcacheType(state: HostTicketState, env: NodeJS.ProcessEnv): CheckResult {
  const base = { id: 'kerberos.ccache-type', title: 'Kerberos cache type' };
  const { name, source } = effectiveCcacheName(env, hostDefaultCcacheName(env), process.getuid?.() ?? 0);
  const parsed = parseCcacheName(name, state.cacheFile);
  if (!parsed.shareable) {
    return {
      ...base,
      status: 'fail',
      detail: `${name} (from ${source}) is not shareable with containers`,
      fix: parsed.reason!,
    };
  }
  if (parsed.residual !== state.cacheFile) {
    return {
      ...base,
      status: 'fail',
      detail: `kinit writes FILE:${parsed.residual} (from ${source}), but the containers read ${state.cacheFile}`,
      fix: `export KRB5CCNAME=FILE:${state.cacheFile} (in ~/.bashrc), then run kinit again`,
    };
  }
  return {
    ...base,
    status: 'pass',
    detail: `FILE:${state.cacheFile} (from ${source}): shareable with the containers`,
  };
}

/** The containers get the folder (a file mount goes stale at the next kinit), and the folder is yours. */
export function checkTicketFolder(state: HostTicketState): CheckResult {
  const base = { id: 'kerberos.mount', title: 'Ticket folder mount' };
  const folder = state.auth.ticketDir;
  const compose = read(join(state.dir, 'compose.yaml'));
  const fileMount = compose ? ticketMounts(parseYaml(compose)).find((mount) => mount.isFile) : undefined;
  if (fileMount) {
    return {
      ...base,
      status: 'fail',
      detail: `${fileMount.service} mounts the cache file ${fileMount.source} itself; it goes stale at the next kinit`,
      fix: `mount the folder instead: ${folder}:${fileMount.target.replace(/\/[^/]+$/, '')}:ro (data-eng add windows-auth --force restores it)`,
    };
  }
  const stats = statOf(folder);
  if (!stats) {
    return {
      ...base,
      status: 'fail',
      detail: `${folder} does not exist; Docker would create it owned by root`,
      fix: `mkdir -p -m 700 ${folder}, then kinit`,
    };
  }
  if (!stats.isDirectory()) {
    return {
      ...base,
      status: 'fail',
      detail: `${folder} is not a folder`,
      fix: `remove it, then mkdir -p -m 700 ${folder}`,
    };
  }
  const uid = process.getuid?.();
  if (uid !== undefined && stats.uid !== uid) {
    return {
      ...base,
      status: 'fail',
      detail: `${folder} belongs to uid ${stats.uid}, not you (${uid})`,
      fix: `sudo chown $(id -u) ${folder}`,
    };
  }
  if (stats.mode & 0o022) {
    return { ...base, status: 'warn', detail: `others may write into ${folder}`, fix: `chmod 700 ${folder}` };
  }
  return {
    ...base,
    status: 'pass',
    detail: `${folder} is a folder, mounted read-only into the Airflow containers`,
  };
}

/** The ticket's realm is the project's. */
export function checkTicketRealm(state: HostTicketState): CheckResult {
  const base = { id: 'kerberos.realm', title: 'Ticket realm' };
  const ticket = readTicket(state.cacheFile);
  if (!ticket.ok) return { ...base, status: 'skip', detail: 'no readable ticket' };
  const realm = ticket.cache.principal.realm;
  return realm === state.auth.realm
    ? { ...base, status: 'pass', detail: `${realm}, the project's realm` }
    : {
        ...base,
        status: 'fail',
        detail: `the ticket is for ${realm}, the project uses ${state.auth.realm}`,
        fix: `kinit YOUR_LOGIN@${state.auth.realm} (realms are case-sensitive: use capitals)`,
      };
}

/** The containers run as AIRFLOW_UID; the 0600 cache file must be theirs. */
export function checkCacheReadable(state: HostTicketState): CheckResult {
  const base = { id: 'kerberos.cache-readable', title: 'Cache readable by AIRFLOW_UID' };
  const airflowUid = Number(state.dotenv.AIRFLOW_UID ?? '50000');
  const stats = statOf(state.cacheFile);
  if (!stats) return { ...base, status: 'skip', detail: `no cache file at ${state.cacheFile}` };
  if (stats.uid === airflowUid || (stats.mode & 0o004) !== 0) {
    return {
      ...base,
      status: 'pass',
      detail: `the containers run as uid ${airflowUid}, which owns ${state.cacheFile}`,
    };
  }
  return {
    ...base,
    status: 'fail',
    detail: `${state.cacheFile} belongs to uid ${stats.uid} (mode ${(stats.mode & 0o777).toString(8)}), but the containers run as AIRFLOW_UID=${airflowUid}`,
    fix: `set AIRFLOW_UID=${stats.uid} in .env (your id -u), then data-eng up again`,
  };
}
