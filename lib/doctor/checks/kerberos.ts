import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckResult, DoctorCheck, DoctorContext } from '../check.js';
import { parseDotenv } from '../../config/dotenv.js';
import { CCACHE_FILE_NAME, KEYTAB_VARIABLE } from '../../auth/settings/settings.js';
import type { HostTicketState } from './host-ticket-checks.js';
import {
  checkCacheReadable,
  checkCcacheType,
  checkTicketFolder,
  checkTicketRealm,
} from './host-ticket-checks.js';
import { describeTicket, readTicket } from '../../auth/kerberos/ticket-status.js';
import { checkClockSkew } from './clock-skew-check.js';

const states = new WeakMap<DoctorContext, HostTicketState | null>();

/** The project's Windows authentication, read once per doctor run; undefined when the project has none. */
function stateOf(context: DoctorContext): HostTicketState | undefined {
  if (!states.has(context)) {
    const project = context.project;
    const auth = project?.settingsOf('windows-auth');
    if (!project || !auth) {
      states.set(context, null);
    } else {
      let dotenv: Record<string, string> = {};
      try {
        dotenv = parseDotenv(readFileSync(join(project.dir, '.env'), 'utf8'));
      } catch {
        // No .env yet: AIRFLOW_UID takes its default.
      }
      states.set(context, {
        dir: project.dir,
        auth,
        dotenv,
        cacheFile: join(auth.ticketDir, CCACHE_FILE_NAME),
      });
    }
  }
  return states.get(context) ?? undefined;
}

/** A check of the host-shared ticket; in the keytab mode the airflow-kerberos service owns the ticket instead. */
function hostCheck(
  id: string,
  title: string,
  run: (state: HostTicketState, context: DoctorContext) => CheckResult,
): DoctorCheck {
  return {
    id,
    async run(context) {
      const state = stateOf(context);
      if (!state || state.auth.kerberos === 'none') return [];
      if (state.auth.kerberos === 'keytab') {
        return [
          { id, title, status: 'skip', detail: 'keytab mode: the airflow-kerberos service keeps the ticket' },
        ];
      }
      return [run(state, context)];
    },
  };
}

/** A keytab in .env: base64 of a file that starts with the keytab magic 0x0502. */
function keytabResult(state: HostTicketState): CheckResult {
  const base = { id: 'kerberos.ticket', title: 'Kerberos ticket' };
  const keytab = Buffer.from(state.dotenv[KEYTAB_VARIABLE] ?? '', 'base64');
  if (keytab.length > 2 && keytab[0] === 0x05 && keytab[1] === 0x02) {
    return {
      ...base,
      status: 'pass',
      detail: `${KEYTAB_VARIABLE} in .env holds a keytab (${keytab.length} bytes)`,
    };
  }
  return {
    ...base,
    status: 'fail',
    detail: `${KEYTAB_VARIABLE} in .env is empty or not a base64-encoded keytab`,
    fix: `${KEYTAB_VARIABLE}=<output of base64 -w0 YOUR.keytab> in .env`,
  };
}

const ticketPresent: DoctorCheck = {
  id: 'kerberos.ticket',
  async run(context) {
    const state = stateOf(context);
    if (!state || state.auth.kerberos === 'none') return [];
    if (state.auth.kerberos === 'keytab') return [keytabResult(state)];
    return [describeTicket(readTicket(state.cacheFile), state.cacheFile, new Date())];
  },
};

const clockSkew: DoctorCheck = {
  id: 'kerberos.clock-skew',
  async run(context) {
    const state = stateOf(context);
    if (!state || state.auth.kerberos === 'none') return [];
    return [await checkClockSkew(state.dir, state.auth, state.cacheFile, context.signal)];
  },
};

/**
 * `data-eng doctor`'s Kerberos checks for projects with windows-auth: the cache type, the ticket (principal,
 * expiry, renew-until), its realm, that AIRFLOW_UID can read it, that the folder (not the file) is mounted,
 * and the clock against the KDC. Each result is pass, warn, fail or skip, with the fix.
 */
export const KERBEROS_CHECKS: DoctorCheck[] = [
  hostCheck('kerberos.ccache-type', 'Kerberos cache type', (state, context) =>
    checkCcacheType(state, context.env),
  ),
  hostCheck('kerberos.mount', 'Ticket folder mount', checkTicketFolder),
  ticketPresent,
  hostCheck('kerberos.realm', 'Ticket realm', checkTicketRealm),
  hostCheck('kerberos.cache-readable', 'Cache readable by AIRFLOW_UID', checkCacheReadable),
  clockSkew,
];
