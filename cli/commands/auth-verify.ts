import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openProject } from '../../lib/project/open-project.js';
import { readDotenv } from '../../lib/config/dotenv.js';
import { BIND_PASSWORD_VARIABLE } from '../../lib/auth/settings/settings.js';
import type { VerifyReport } from '../../lib/auth/ldap/verify-ad-login.js';
import { verifyAdLogin } from '../../lib/auth/ldap/verify-ad-login.js';
import { CliError, EXIT } from '../exit-codes.js';
import { printResult } from '../../lib/console/progress.js';
import '../catalog.js';

/** The flags of `data-eng auth verify`. */
export interface AuthVerifyOptions {
  readonly user?: string;
  readonly passwordStdin?: boolean;
  readonly json?: boolean;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Buffer));
  // `echo PASS |` adds one newline; a password never ends with one.
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** The report as people read it: steps, roles with their reasons, then each problem with its fix. */
export function formatVerifyReport(report: VerifyReport): string {
  const lines = report.steps.map((step) => `${step.ok ? '✓' : '✗'} ${step.detail}`);
  if (report.user) {
    lines.push('', `Airflow roles for ${report.user.login}:`);
    if (report.roles.length === 0) lines.push(report.refused ? '  none: the login is refused' : '  none');
    for (const grant of report.roles) {
      for (const reason of grant.reasons) {
        lines.push(
          reason.kind === 'default'
            ? `  ${grant.role.padEnd(6)} the default role every AD user gets`
            : `  ${grant.role.padEnd(6)} member of ${reason.group} (${reason.via}), mapped by "${reason.entry}"`,
        );
      }
    }
  }
  if (report.problems.length > 0) lines.push('');
  for (const problem of report.problems) {
    lines.push(`${problem.severity === 'error' ? '✗' : '!'} ${problem.cause}`, `  fix: ${problem.fix}`);
  }
  const verdict = !report.ok
    ? 'The login would fail: fix the problems above.'
    : report.user
      ? 'The login works as shown.'
      : 'The bind account and the search base work; add --user NAME to check a login.';
  lines.push('', verdict);
  return lines.join('\n');
}

/**
 * `data-eng auth verify [--user NAME] [--password-stdin] [--json]`: the project's LDAP settings and CA,
 * the bind password from the environment or .env (as docker compose reads it), against the real DCs.
 */
export async function runAuthVerify(options: AuthVerifyOptions): Promise<void> {
  const project = await openProject(process.cwd());
  const settings = project.settingsOf('windows-auth');
  if (!settings) {
    throw new CliError(
      'This project has no Windows authentication; add it with: data-eng add windows-auth',
      EXIT.USAGE,
    );
  }
  if (options.passwordStdin && !options.user) {
    throw new CliError(
      "--password-stdin tests a user's password; name the user with --user NAME.",
      EXIT.USAGE,
    );
  }
  let caPem: string | undefined;
  if (settings.caFile !== undefined) {
    try {
      caPem = await readFile(join(project.dir, settings.caFile), 'utf8');
    } catch {
      throw new CliError(
        `The corporate root CA ${settings.caFile} is missing; copy it in with: data-eng add windows-auth --ad-ca-file PATH`,
        EXIT.ENVIRONMENT,
      );
    }
  }
  const dotenv = await readDotenv(join(project.dir, '.env'));
  const bindPassword = process.env[BIND_PASSWORD_VARIABLE] ?? dotenv[BIND_PASSWORD_VARIABLE] ?? '';
  const password = options.passwordStdin ? await readStdin() : undefined;
  const report = await verifyAdLogin(
    { settings, ...(caPem === undefined ? {} : { caPem }), bindPassword },
    { ...(options.user ? { user: options.user } : {}), ...(password === undefined ? {} : { password }) },
  );
  printResult({ json: Boolean(options.json) }, report, () => formatVerifyReport(report));
  if (!report.ok) {
    const errors = report.problems.filter((problem) => problem.severity === 'error').length;
    throw new CliError(`auth verify found ${errors} problem(s) that stop the login.`, EXIT.FAILURE);
  }
}
