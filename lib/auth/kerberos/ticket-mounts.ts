import { posix } from 'node:path';

/** A bind mount that carries a service's Kerberos ticket, as compose.yaml spells it. */
export interface TicketMount {
  readonly service: string;
  readonly source: string;
  readonly target: string;
  /** The mount is the cache file itself, not its folder: it goes stale when kinit replaces the file. */
  readonly isFile: boolean;
}

function parseMount(entry: unknown): { source: string; target: string } | undefined {
  if (typeof entry === 'string') {
    const [source, target] = entry.split(':');
    return source && target ? { source, target } : undefined;
  }
  if (entry && typeof entry === 'object') {
    const { source, target } = entry as { source?: unknown; target?: unknown };
    if (typeof source === 'string' && typeof target === 'string') return { source, target };
  }
  return undefined;
}

function environmentOf(service: Record<string, unknown>): Record<string, string> {
  const env = service.environment;
  if (Array.isArray(env)) {
    return Object.fromEntries(
      env.map(String).map((item) => [item.split('=')[0]!, item.slice(item.indexOf('=') + 1)]),
    );
  }
  return env && typeof env === 'object' ? (env as Record<string, string>) : {};
}

/**
 * For each compose service with KRB5CCNAME=FILE:path, the mount that brings that path in: a mount of the
 * file itself (stale after the next kinit) or of a folder above it.
 */
export function ticketMounts(compose: unknown): TicketMount[] {
  const services = (compose as { services?: Record<string, Record<string, unknown>> } | null)?.services ?? {};
  const found: TicketMount[] = [];
  for (const [name, service] of Object.entries(services)) {
    const ccname = environmentOf(service ?? {}).KRB5CCNAME;
    const match = typeof ccname === 'string' ? /^FILE:(.+)$/.exec(ccname) : null;
    if (!match) continue;
    const file = posix.normalize(match[1]!);
    const mounts = (Array.isArray(service?.volumes) ? service.volumes : []).map(parseMount).filter(Boolean);
    const mount = mounts
      .map((m) => m!)
      .filter((m) => file === posix.normalize(m.target) || file.startsWith(`${posix.normalize(m.target)}/`))
      .sort((a, b) => b.target.length - a.target.length)[0];
    if (mount) {
      found.push({ service: name, ...mount, isFile: posix.normalize(mount.target) === file });
    }
  }
  return found;
}
