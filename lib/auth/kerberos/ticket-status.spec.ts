import { describe, expect, it } from 'vitest';
import type { Ccache } from './ccache.js';
import { describeTicket, relativeTime } from './ticket-status.js';

const NOW = new Date(Date.UTC(2026, 10, 27, 8, 0, 0));
const hours = (n: number) => new Date(NOW.getTime() + n * 3_600_000);

function cache(end: Date, renewTill?: Date): Ccache {
  const principal = { realm: 'CORP.EXAMPLE.COM', components: ['alice'] };
  return {
    version: 4,
    principal,
    credentials: [
      {
        client: principal,
        server: { realm: 'CORP.EXAMPLE.COM', components: ['krbtgt', 'CORP.EXAMPLE.COM'] },
        authTime: hours(-1),
        startTime: hours(-1),
        endTime: end,
        ...(renewTill ? { renewTill } : {}),
        flags: 0,
      },
    ],
  };
}

describe('describeTicket', () => {
  it('passes a valid ticket and names the principal, expiry and renew-until', () => {
    const result = describeTicket({ ok: true, cache: cache(hours(9), hours(24 * 7)) }, '/tmp/k/krb5cc', NOW);
    expect(result.status).toBe('pass');
    expect(result.detail).toBe(
      'alice@CORP.EXAMPLE.COM, expires 2026-11-27 17:00:00 UTC (in 9 h 0 min), renewable until 2026-12-04 08:00:00 UTC (in 7 days)',
    );
  });

  it('fails an expired ticket, pointing to kinit -R while it is still renewable', () => {
    const result = describeTicket({ ok: true, cache: cache(hours(-1), hours(5)) }, '/tmp/k/krb5cc', NOW);
    expect(result.status).toBe('fail');
    expect(result.fix).toContain('kinit -R');
  });

  it('warns about a ticket that expires within the hour, and fails a missing one', () => {
    expect(describeTicket({ ok: true, cache: cache(hours(0.5)) }, '/tmp/k/krb5cc', NOW).status).toBe('warn');
    const missing = describeTicket(
      { ok: false, reason: 'there is no ticket cache at /tmp/k/krb5cc' },
      '/tmp/k/krb5cc',
      NOW,
    );
    expect(missing).toMatchObject({
      status: 'fail',
      fix: 'run kinit YOUR_LOGIN (with KRB5CCNAME=FILE:/tmp/k/krb5cc)',
    });
  });

  it('writes relative times for people', () => {
    expect(relativeTime(hours(-0.25), NOW)).toBe('15 min ago');
  });
});
