import type { AuthProblem } from './ldap-errors.js';
import type { ResolvedWindowsAuth } from '../settings/settings.js';

/** The types the verification steps share (verify-ad-login runs them; each step adds to the report). */

/** The project's settings and secrets the verification uses. */
export interface VerifyConfig {
  readonly settings: ResolvedWindowsAuth;
  /** The CA file's content (PEM); required for LDAPS and StartTLS. */
  readonly caPem?: string;
  readonly bindPassword: string;
  /** Per connection attempt and operation; default 10 s. */
  readonly timeoutMs?: number;
}

/** What to check beyond the bind account and the search base. */
export interface VerifyRequest {
  /** Look this login name up and compute their roles. */
  readonly user?: string;
  /** Also test this user's own password with a bind. */
  readonly password?: string;
}

/** What a verification collects as it goes; the checks add to it. */
export interface ReportSink {
  step(ok: boolean, detail: string): void;
  problem(problem: AuthProblem): void;
}
