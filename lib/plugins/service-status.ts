/** One service as an orchestrator's `status` reports it: the same shape from every orchestrator. */
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

/** Health as the engine words it in a container's status line: "Up 3 seconds (health: starting)". */
export function healthFromStatus(status: string): string {
  const match = /\((healthy|unhealthy|health: starting)\)/.exec(status);
  if (!match) return '';
  return match[1] === 'health: starting' ? 'starting' : match[1]!;
}

/** One short line of progress: "postgres healthy · client starting". */
export function summarizeServices(
  states: readonly Pick<ServiceState, 'service' | 'state' | 'health'>[],
): string {
  return states.map((s) => `${s.service} ${s.health || s.state}`).join(' · ');
}

/** The table every orchestrator's `status` prints: SERVICE STATE HEALTH PORTS. */
export function formatServiceTable(states: readonly ServiceState[]): string {
  return formatTable([
    ['SERVICE', 'STATE', 'HEALTH', 'PORTS'],
    ...states.map((s) => [
      s.service,
      s.state === 'exited' && s.exitCode !== undefined ? `exited (${s.exitCode})` : s.state,
      s.health || '-',
      s.ports.join(', ') || '-',
    ]),
  ]);
}

/** A plain-text table: a header row and data rows, each column padded to its widest cell, two spaces apart. */
export function formatTable(rows: readonly (readonly string[])[]): string {
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
