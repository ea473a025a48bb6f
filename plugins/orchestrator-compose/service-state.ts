/** One service as `status` reports it, the same shape for every orchestrator. */
export interface ServiceState {
  readonly service: string;
  /** running, exited, created, restarting, paused, dead, or "not created". */
  readonly state: string;
  /** healthy, unhealthy, starting, or "" for a service without a health check. */
  readonly health: string;
  readonly exitCode?: number;
  /** Published ports, e.g. 127.0.0.1:5432->5432/tcp. */
  readonly ports: readonly string[];
}

interface PsPublisher {
  URL?: string;
  TargetPort?: number;
  PublishedPort?: number;
  Protocol?: string;
}

interface PsEntry {
  Service?: string;
  Labels?: string;
  State?: string;
  Health?: string;
  ExitCode?: number;
  Publishers?: PsPublisher[] | null;
}

function psEntries(text: string): PsEntry[] {
  const trimmed = text.trim();
  if (!trimmed) return [];
  return trimmed.startsWith('[')
    ? (JSON.parse(trimmed) as PsEntry[])
    : trimmed.split('\n').map((line) => JSON.parse(line) as PsEntry);
}

/** The folders the project's containers were started from (compose's working_dir label). */
export function workingDirs(text: string): string[] {
  return psEntries(text).flatMap(
    (entry) =>
      /(?:^|,)com\.docker\.compose\.project\.working_dir=([^,]*)/.exec(entry.Labels ?? '')?.[1] ?? [],
  );
}

/** Parse `compose ps --format json`: one object per line (compose 2.21+) or one array (older v2). */
export function parseComposePs(text: string): ServiceState[] {
  return psEntries(text)
    .filter((entry) => entry.Service)
    .map((entry) => ({
      service: entry.Service!,
      state: entry.State ?? 'unknown',
      health: entry.Health ?? '',
      ...(entry.State === 'exited' && entry.ExitCode !== undefined ? { exitCode: entry.ExitCode } : {}),
      ports: (entry.Publishers ?? [])
        .filter((p) => p.PublishedPort)
        .map((p) => `${p.URL ? `${p.URL}:` : ''}${p.PublishedPort}->${p.TargetPort}/${p.Protocol ?? 'tcp'}`),
    }))
    .sort((a, b) => a.service.localeCompare(b.service));
}

/** Health as the engine words it in a container's status line: "Up 3 seconds (health: starting)". */
export function healthFromStatus(status: string): string {
  const match = /\((healthy|unhealthy|health: starting)\)/.exec(status);
  if (!match) return '';
  return match[1] === 'health: starting' ? 'starting' : match[1]!;
}

/** Whether a service counts as up: running and, if it has a health check, healthy. */
export function isUp(state: ServiceState, oneShot: boolean): boolean {
  if (oneShot) return state.state === 'exited' && state.exitCode === 0;
  return state.state === 'running' && (state.health === '' || state.health === 'healthy');
}

/** One short line of progress: "postgres healthy · client starting". */
export function summarize(states: readonly ServiceState[]): string {
  return states.map((s) => `${s.service} ${s.health || s.state}`).join(' · ');
}

/** A plain table: SERVICE STATE HEALTH PORTS. */
export function formatTable(states: readonly ServiceState[]): string {
  const rows = [
    ['SERVICE', 'STATE', 'HEALTH', 'PORTS'],
    ...states.map((s) => [
      s.service,
      s.state === 'exited' && s.exitCode !== undefined ? `exited (${s.exitCode})` : s.state,
      s.health || '-',
      s.ports.join(', ') || '-',
    ]),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows
    .map((row) =>
      row
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
