import type { Client, Entry } from 'ldapts';
import type { AuthProblem } from './ldap-errors.js';
import { explainLdapError } from './ldap-errors.js';
import { closeSession, openSession } from './ldap-session.js';
import { verifyMappedGroups } from './verify-mapped-groups.js';
import { verifyUser } from './verify-user.js';
import type { VerifiedUser } from './verify-user.js';
import type { RoleGrant } from '../settings/role-mapping.js';
import type { ReportSink, VerifyConfig, VerifyRequest } from './verify-types.js';

/** One line of progress: what was checked and whether it worked. */
export interface VerifyStep {
  readonly ok: boolean;
  readonly detail: string;
}

/** Everything `data-eng auth verify` prints, and its --json output. */
export interface VerifyReport {
  /** No error-level problem: the login would work as reported. */
  readonly ok: boolean;
  readonly server?: string;
  readonly steps: VerifyStep[];
  readonly user?: VerifiedUser;
  readonly roles: RoleGrant[];
  /** The user is in no mapped group and such users are refused. */
  readonly refused: boolean;
  readonly problems: AuthProblem[];
}

const TRANSPORT_LABEL = { ldaps: 'LDAPS', starttls: 'StartTLS', plain: 'plain LDAP, unencrypted' } as const;
const RETRY_ON = new Set(['unreachable', 'unknown-host', 'timeout']);

/**
 * Check an AD login the way Airflow's FAB LDAP login does it: connect with the project's settings and CA,
 * bind as the service account, find the user by the login attribute, collect direct and (if enabled)
 * nested groups, and compute the roles with the reason for each. Every failure becomes a cause and a fix.
 */
export async function verifyAdLogin(
  config: VerifyConfig,
  request: VerifyRequest = {},
): Promise<VerifyReport> {
  const steps: VerifyStep[] = [];
  const problems: AuthProblem[] = [];
  const sink: ReportSink = {
    step: (ok, detail) => steps.push({ ok, detail }),
    problem: (found) => {
      if (!problems.some((p) => p.code === found.code && p.cause === found.cause)) problems.push(found);
    },
  };
  const finish = (extra: Partial<VerifyReport> = {}): VerifyReport => ({
    ok: !problems.some((p) => p.severity === 'error'),
    steps,
    roles: [],
    refused: false,
    problems,
    ...extra,
  });
  const { settings } = config;
  if (!config.bindPassword) {
    sink.problem({
      code: 'bind-password-missing',
      severity: 'error',
      cause: `the password of the bind account ${settings.bindUser} is empty`,
      fix: `put it in .env as AD_BIND_PASSWORD='...' (single quotes keep $ and # as they are)`,
    });
    return finish();
  }
  if (settings.transport === 'plain') {
    sink.problem({
      code: 'plain-ldap',
      severity: 'warning',
      cause: 'the project uses plain ldap:// without StartTLS: passwords cross the network unencrypted',
      fix: 'switch to ldaps:// or StartTLS (data-eng add windows-auth); AD usually refuses plain binds anyway',
    });
  }
  const connected = await connectAndBind(config, sink);
  if (!connected) return finish();
  const { client, server } = connected;
  try {
    if (!(await searchBaseExists(client, config, server, sink))) return finish({ server });
    await verifyMappedGroups(client, config, server, sink);
    if (!request.user) return finish({ server });
    const result = await verifyUser(client, config, server, request, sink);
    return finish({ server, ...result });
  } finally {
    await closeSession(client);
  }
}

async function connectAndBind(
  config: VerifyConfig,
  sink: ReportSink,
): Promise<{ client: Client; server: string } | undefined> {
  const { settings } = config;
  const timeoutMs = config.timeoutMs ?? 10_000;
  const caFile = settings.caFile;
  const failures: AuthProblem[] = [];
  for (const url of settings.dcUrls) {
    let client: Client | undefined;
    try {
      client = await openSession(url, settings.transport, { caPem: config.caPem, timeoutMs });
      await client.bind(settings.bindUser, config.bindPassword);
      const checked = settings.transport === 'plain' ? '' : `, certificate checked against ${caFile}`;
      sink.step(true, `Connected to ${url.url} (${TRANSPORT_LABEL[settings.transport]}${checked})`);
      sink.step(true, `Bound as the service account ${settings.bindUser}`);
      for (const failure of failures) sink.problem({ ...failure, severity: 'warning' });
      return { client, server: url.url };
    } catch (error) {
      if (client) await closeSession(client);
      const step =
        error && typeof (error as { code?: unknown }).code === 'number' ? 'bind-service' : 'connect';
      const found = explainLdapError(error, {
        url: url.url,
        step,
        account: settings.bindUser,
        ...(caFile ? { caFile } : {}),
        timeoutMs,
      });
      sink.step(false, `${url.url}: ${found.cause}`);
      if (!RETRY_ON.has(found.code)) {
        sink.problem(found);
        return undefined;
      }
      failures.push(found);
    }
  }
  for (const failure of failures) sink.problem(failure);
  return undefined;
}

async function searchBaseExists(
  client: Client,
  config: VerifyConfig,
  server: string,
  sink: ReportSink,
): Promise<boolean> {
  const base = config.settings.userSearchBase;
  try {
    const { searchEntries } = await client.search(base, {
      scope: 'base',
      filter: '(objectClass=*)',
      attributes: ['distinguishedName'],
    });
    const found = (searchEntries[0] as Entry | undefined)?.dn ?? base;
    sink.step(true, `The user search base ${found} exists`);
    return true;
  } catch (error) {
    sink.problem(explainLdapError(error, { url: server, step: 'search-base', searchBase: base }));
    sink.step(false, `The user search base ${base} cannot be read`);
    return false;
  }
}
