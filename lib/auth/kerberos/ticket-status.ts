import { readFileSync } from 'node:fs';
import type { CheckResult } from '../../doctor/check.js';
import type { Ccache } from './ccache.js';
import { findTgt, formatPrincipal, parseCcache } from './ccache.js';

/** A parsed cache, or why there is none. */
export type TicketRead =
  { readonly ok: true; readonly cache: Ccache } | { readonly ok: false; readonly reason: string };

/** Read and parse a FILE cache; a missing or unreadable file is a reason, not an exception. */
export function readTicket(path: string): TicketRead {
  let buffer: Buffer;
  try {
    buffer = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return {
      ok: false,
      reason: code === 'ENOENT' ? `there is no ticket cache at ${path}` : `cannot read ${path} (${code})`,
    };
  }
  try {
    return { ok: true, cache: parseCcache(buffer) };
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
}

/** "in 9 h 58 min", "12 min ago". */
export function relativeTime(target: Date, now: Date): string {
  const minutes = Math.round((target.getTime() - now.getTime()) / 60_000);
  const size = Math.abs(minutes);
  const text =
    size >= 60 * 48
      ? `${Math.round(size / 1440)} days`
      : size >= 60
        ? `${Math.floor(size / 60)} h ${size % 60} min`
        : `${size} min`;
  return minutes >= 0 ? `in ${text}` : `${text} ago`;
}

const stamp = (date: Date): string =>
  date
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, ' UTC');

/** The doctor's verdict on the shared ticket: whose it is, when it expires, until when it can be renewed. */
export function describeTicket(read: TicketRead, path: string, now: Date): CheckResult {
  const id = 'kerberos.ticket';
  const title = 'Kerberos ticket';
  const getOne = `run kinit YOUR_LOGIN (with KRB5CCNAME=FILE:${path})`;
  if (!read.ok) return { id, title, status: 'fail', detail: read.reason, fix: getOne };
  const principal = formatPrincipal(read.cache.principal);
  const tgt = findTgt(read.cache);
  if (!tgt) {
    return {
      id,
      title,
      status: 'fail',
      detail: `${path} holds no ticket-granting ticket for ${principal}`,
      fix: getOne,
    };
  }
  const renew = tgt.renewTill
    ? `, renewable until ${stamp(tgt.renewTill)} (${relativeTime(tgt.renewTill, now)})`
    : ', not renewable';
  const detail = `${principal}, expires ${stamp(tgt.endTime)} (${relativeTime(tgt.endTime, now)})${renew}`;
  if (tgt.endTime <= now) {
    const canRenew = tgt.renewTill !== undefined && tgt.renewTill > now;
    return {
      id,
      title,
      status: 'fail',
      detail: `expired: ${detail}`,
      fix: canRenew
        ? 'scripts/krb5-renew.sh (kinit -R), and install the timer: scripts/krb5-renew.sh --install'
        : getOne,
    };
  }
  if (tgt.endTime.getTime() - now.getTime() < 60 * 60_000) {
    return {
      id,
      title,
      status: 'warn',
      detail: `expires soon: ${detail}`,
      fix:
        tgt.renewTill && tgt.renewTill > tgt.endTime
          ? 'scripts/krb5-renew.sh --install keeps it renewed'
          : getOne,
    };
  }
  return { id, title, status: 'pass', detail };
}
