/** A finding of `data-eng auth verify`: the plain cause and the fix. */
export interface AuthProblem {
  /** Stable identifier for scripts, e.g. `tls-required`, `invalid-credentials`. */
  readonly code: string;
  readonly severity: 'error' | 'warning';
  readonly cause: string;
  readonly fix: string;
}

/** Where the error happened, to name the right thing in the message. */
export interface ErrorContext {
  readonly url: string;
  readonly step: 'connect' | 'starttls' | 'bind-service' | 'bind-user' | 'search-base' | 'search';
  /** The account that was binding, for bind steps. */
  readonly account?: string;
  /** The project's CA file, named in certificate guidance. */
  readonly caFile?: string;
  readonly searchBase?: string;
  readonly timeoutMs?: number;
}

/** AD's reason for a failed bind: the `data XXX` code inside the diagnostic message of result 49. */
const AD_DATA_CODES: Record<string, { code: string; cause: string; fix: string }> = {
  '525': {
    code: 'user-unknown',
    cause: 'AD does not know this account',
    fix: 'check the spelling; bind with the UPN (name@domain) or the full DN',
  },
  '52e': {
    code: 'invalid-credentials',
    cause: 'the password is wrong',
    fix: 'check the password (for the bind account: AD_BIND_PASSWORD in .env, in single quotes)',
  },
  '530': {
    code: 'logon-hours',
    cause: 'the account may not sign in at this time of day',
    fix: 'ask the AD team to widen its logon hours',
  },
  '531': {
    code: 'workstation-restricted',
    cause: 'the account may not sign in from this machine',
    fix: 'ask the AD team to remove the "Log On To" restriction',
  },
  '532': {
    code: 'password-expired',
    cause: 'the password has expired',
    fix: 'change it (Ctrl+Alt+Del, "Change a password" on Windows) and try again',
  },
  '533': {
    code: 'account-disabled',
    cause: 'the account is disabled in AD',
    fix: 'ask the AD team to enable it',
  },
  '701': { code: 'account-expired', cause: 'the account has expired', fix: 'ask the AD team to extend it' },
  '773': {
    code: 'must-change-password',
    cause: 'AD requires a password change before the next sign-in',
    fix: 'sign in to Windows once and set a new password',
  },
  '775': {
    code: 'account-locked',
    cause: 'the account is locked out after too many wrong passwords',
    fix: 'wait for the lockout to end or ask the AD team to unlock it; check for stale saved passwords',
  },
};

const UNTRUSTED = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
]);

function problem(code: string, cause: string, fix: string): AuthProblem {
  return { code, severity: 'error', cause, fix };
}

/** Map anything ldapts or Node's TLS and socket layers throw to a plain cause and the fix. */
export function explainLdapError(error: unknown, context: ErrorContext): AuthProblem {
  const err = error as { code?: unknown; message?: unknown };
  const code = typeof err?.code === 'string' || typeof err?.code === 'number' ? err.code : undefined;
  const message = typeof err?.message === 'string' ? err.message : String(error);
  const where = context.url;
  const ca = context.caFile ?? 'the CA file';
  if (code === 8 || code === 13) {
    return problem(
      'tls-required',
      `${where} refuses a password bind over an unencrypted connection (result ${code}, "strong authentication required")`,
      'use ldaps:// (port 636), or ldap:// with StartTLS: run data-eng add windows-auth again and answer the DC URLs and StartTLS questions',
    );
  }
  if (code === 49) {
    const data = /data ([0-9a-f]{3})/i.exec(message)?.[1]?.toLowerCase();
    const known = data ? AD_DATA_CODES[data] : undefined;
    const who = context.account ? `${context.account}: ` : '';
    const fix =
      data === '52e' && context.step === 'bind-user'
        ? 'check the password (Caps Lock, keyboard layout); repeated wrong passwords lock the account'
        : known?.fix;
    if (known) return problem(known.code, `${who}${known.cause} (AD code ${data})`, fix!);
    return problem(
      'invalid-credentials',
      `${who}AD refused the bind (result 49: ${message})`,
      AD_DATA_CODES['52e']!.fix,
    );
  }
  if (code === 32) {
    const base = context.searchBase ?? 'the search base';
    return problem(
      'search-base-not-found',
      `the search base "${base}" does not exist in AD (result 32)`,
      'run data-eng add windows-auth again with an existing OU or container DN (ldapsearch -b "" -s base namingContexts lists the domain root)',
    );
  }
  if (code === 50) {
    return problem(
      'insufficient-access',
      `${context.account ?? 'the bind account'} may not read what it needs (result 50)`,
      'ask the AD team to let the bind account read users and their memberOf',
    );
  }
  if (typeof code === 'string' && UNTRUSTED.has(code)) {
    return problem(
      'certificate-untrusted',
      `the certificate of ${where} is not signed by a CA in ${ca} (${code})`,
      `put the corporate root CA (PEM, the root that issued the DC's certificate) in ${ca}; on Windows: certmgr.msc → Trusted Root Certification Authorities → export as Base-64 X.509`,
    );
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return problem(
      'certificate-name-mismatch',
      `the certificate of ${where} is not issued for that host name (${message})`,
      'use the DC name the certificate names (its full DNS name, e.g. dc1.corp.example.com), not an IP address or alias',
    );
  }
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') {
    return problem(
      'certificate-dates',
      `the certificate of ${where} is ${code === 'CERT_HAS_EXPIRED' ? 'expired' : 'not valid yet'}`,
      'check this machine\'s clock (WSL2: "sudo hwclock -s"); if the clock is right, tell the AD team',
    );
  }
  if (
    code === 'ECONNRESET' ||
    code === 'EPROTO' ||
    /wrong version number|packet length too long/i.test(message)
  ) {
    return problem(
      'tls-handshake-failed',
      `the TLS handshake with ${where} failed (${message})`,
      'ldaps:// needs the LDAPS port (636); ldap:// with StartTLS needs port 389',
    );
  }
  if (code === 'ECONNREFUSED') {
    return problem(
      'unreachable',
      `nothing listens on ${where} (connection refused)`,
      'check the host and port; from WSL2, test with: nc -vz HOST PORT',
    );
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return problem(
      'unknown-host',
      `the host of ${where} cannot be resolved`,
      'check the name, and that WSL2 uses the corporate DNS (VPN connected; /etc/resolv.conf)',
    );
  }
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'ETIMEDOUT') {
    return problem(
      'unreachable',
      `${where} is unreachable (${code})`,
      'connect the VPN or check the firewall; from WSL2, test with: nc -vz HOST PORT',
    );
  }
  if (/timeout|timed out/i.test(message)) {
    const after = context.timeoutMs ? ` within ${context.timeoutMs / 1000} s` : '';
    return problem(
      'timeout',
      `${where} did not answer${after} (${message})`,
      'check that the host is a domain controller and the port is right; a firewall that drops packets looks like this',
    );
  }
  return problem(
    'ldap-error',
    `${context.step} against ${where} failed: ${message}`,
    "the message is the server's own; share it with the AD team",
  );
}
