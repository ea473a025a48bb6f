import { describe, expect, it } from 'vitest';
import { isWsl, judgeDrift, judgeIntegration, MAX_DRIFT_MS } from './wsl.js';

describe('WSL2 checks', () => {
  it('recognises a WSL kernel by /proc/version', () => {
    expect(isWsl('Linux version 5.15.153.1-microsoft-standard-WSL2 (root@941d701f84f1)')).toBe(true);
    expect(isWsl('Linux version 6.1.0-26-amd64 (debian-kernel@lists.debian.org)')).toBe(false);
  });

  it('passes a clock within the limit and fails a drifted one with the fix', () => {
    const now = 1_800_000_000_000;
    expect(judgeDrift(now + 800, now, "the Windows host's clock", 100)).toMatchObject({
      status: 'pass',
      detail: "This clock is 0.8 s ahead of the Windows host's clock",
    });
    const drifted = judgeDrift(now - 93_000, now, "the Windows host's clock", 100);
    expect(drifted).toMatchObject({
      status: 'fail',
      detail: "This clock is 93.0 s behind the Windows host's clock",
    });
    expect(drifted.fix).toMatch(/sudo hwclock -s/);
    // A one-second Date header cannot tell 5.5 s from 6 s: its resolution widens the limit.
    expect(judgeDrift(now + MAX_DRIFT_MS + 900, now, 'the Date header', 1_000).status).toBe('pass');
  });

  it('tells whether Docker Desktop integration is on for the distro', () => {
    expect(judgeIntegration({ socket: false })).toMatchObject({
      status: 'fail',
      detail: 'There is no docker command in this distro',
    });
    expect(judgeIntegration({ cli: '/usr/bin/docker', socket: false })).toMatchObject({ status: 'fail' });
    expect(
      judgeIntegration({ cli: '/mnt/c/Program Files/Docker/Docker/resources/bin/docker', socket: true })
        .status,
    ).toBe('warn');
    expect(judgeIntegration({ cli: '/usr/bin/docker', socket: true })).toMatchObject({
      status: 'pass',
      detail: 'docker is /usr/bin/docker',
    });
    expect(
      judgeIntegration({ cli: '/usr/bin/docker', socket: false, dockerHost: 'tcp://localhost:2375' }).status,
    ).toBe('pass');
    expect(judgeIntegration({ socket: false }).fix).toMatch(/Settings > Resources > WSL Integration/);
  });
});
