import { execFile } from 'node:child_process';
import { access, constants, readFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { engineEndpoint } from '../../docker/engine-endpoint.js';
import type { CheckResult, DoctorCheck, DoctorContext } from '../check.js';

/** Drift beyond this breaks token lifetimes, TLS validity checks and Kerberos' 5-minute window over time. */
export const MAX_DRIFT_MS = 5_000;
const WINDOWS_POWERSHELL = '/mnt/c/Windows/System32/WindowsPowerShell/v1.0/powershell.exe';
const TIME_URL = 'https://registry.npmjs.org/';

/** WSL kernels say so in /proc/version ("...-microsoft-standard-WSL2"). */
export function isWsl(procVersion: string): boolean {
  return /microsoft/i.test(procVersion);
}

/** Judge the drift between this clock and a reference clock; pure. */
export function judgeDrift(
  localMs: number,
  referenceMs: number,
  source: string,
  resolutionMs: number,
): CheckResult {
  const drift = localMs - referenceMs;
  const ok = Math.abs(drift) <= MAX_DRIFT_MS + resolutionMs;
  const seconds = (Math.abs(drift) / 1000).toFixed(1);
  return {
    id: 'wsl.clock',
    title: 'WSL2 clock matches the real time',
    status: ok ? 'pass' : 'fail',
    detail: `This clock is ${seconds} s ${drift >= 0 ? 'ahead of' : 'behind'} ${source}`,
    ...(ok
      ? {}
      : {
          fix: 'The WSL2 clock drifted (usually after the laptop slept): run sudo hwclock -s in WSL, or wsl --shutdown from Windows; wsl --update installs the fix.',
        }),
  };
}

/** Judge the Docker Desktop integration from what this distro can see; pure. */
export function judgeIntegration(found: { cli?: string; socket: boolean; dockerHost?: string }): CheckResult {
  const base = { id: 'wsl.docker-integration', title: 'Docker Desktop WSL integration is on' } as const;
  const fix =
    'In Docker Desktop: Settings > Resources > WSL Integration, turn on this distro, Apply & restart; then open a new WSL shell.';
  if (!found.cli)
    return { ...base, status: 'fail', detail: 'There is no docker command in this distro', fix };
  if (found.cli.startsWith('/mnt/')) {
    return {
      ...base,
      status: 'warn',
      detail: `docker is the Windows program ${found.cli}, not the distro's`,
      fix,
    };
  }
  if (!found.socket && !found.dockerHost) {
    return {
      ...base,
      status: 'fail',
      detail: `docker is ${found.cli}, but there is no engine socket in this distro`,
      fix,
    };
  }
  return {
    ...base,
    status: 'pass',
    detail: `docker is ${found.cli}${found.dockerHost ? `, DOCKER_HOST=${found.dockerHost}` : ''}`,
  };
}

function output(program: string, args: string[]): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(program, args, { timeout: 20_000 }, (error, stdout) =>
      resolve(error ? undefined : stdout.trim()),
    );
  });
}

/**
 * The reference clock: Windows' own (through WSL interop, the clock WSL2 drifts from), else the Date header of
 * an HTTPS server (whole seconds only).
 */
async function measureDrift(): Promise<CheckResult> {
  const before = Date.now();
  const windows = await output(WINDOWS_POWERSHELL, [
    '-NoProfile',
    '-NonInteractive',
    '-Command',
    '[DateTimeOffset]::UtcNow.ToUnixTimeMilliseconds()',
  ]);
  const after = Date.now();
  if (windows && /^\d+$/.test(windows)) {
    // The reading was taken somewhere between before and after: compare with the middle, allow half the span.
    return judgeDrift(
      (before + after) / 2,
      Number(windows),
      "the Windows host's clock",
      (after - before) / 2,
    );
  }
  try {
    const started = Date.now();
    const response = await fetch(TIME_URL, { method: 'HEAD', signal: AbortSignal.timeout(5_000) });
    const ended = Date.now();
    const date = response.headers.get('date');
    if (date)
      return judgeDrift(
        (started + ended) / 2,
        Date.parse(date),
        `the Date header of ${TIME_URL}`,
        1_000 + (ended - started) / 2,
      );
  } catch {
    // offline: reported below
  }
  return {
    id: 'wsl.clock',
    title: 'WSL2 clock matches the real time',
    status: 'skip',
    detail: `Neither Windows' clock (powershell.exe through WSL interop) nor ${TIME_URL} could be read to compare with`,
  };
}

async function findOnPath(name: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    try {
      await access(join(dir, name), constants.X_OK);
      return join(dir, name);
    } catch {
      // not here
    }
  }
  return undefined;
}

async function integration(context: DoctorContext): Promise<CheckResult> {
  const cli = await findOnPath('docker', context.env);
  let target: { socketPath?: string } = {};
  try {
    target = engineEndpoint(context.env);
  } catch {
    // A DOCKER_HOST data-eng cannot use is the Docker check's to report.
  }
  const socket = target.socketPath
    ? await access(target.socketPath).then(
        () => true,
        () => false,
      )
    : false;
  return judgeIntegration({
    ...(cli ? { cli } : {}),
    socket,
    ...(context.env.DOCKER_HOST ? { dockerHost: context.env.DOCKER_HOST } : {}),
  });
}

/** WSL2 pitfalls: the clock drifting after sleep, and Docker Desktop's integration turned off for the distro. */
export const WSL_CHECK: DoctorCheck = {
  id: 'wsl',
  async run(context) {
    const version = await readFile('/proc/version', 'utf8').catch(() => '');
    if (!isWsl(version)) {
      return [{ id: 'wsl', title: 'WSL2 pitfalls', status: 'skip', detail: 'Not running under WSL' }];
    }
    return Promise.all([measureDrift(), integration(context)]);
  },
};
