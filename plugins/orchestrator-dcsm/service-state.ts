import type Docker from 'dockerode';
import { LABEL } from './names.js';

/** One service as `status` reports it, the same shape as orchestrator-compose's. */
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

/** A listed container as a service state. */
export function stateOf(container: Docker.ContainerInfo): ServiceState {
  const exited = /^Exited \((\d+)\)/.exec(container.Status);
  return {
    service: container.Labels[LABEL.service] ?? container.Names[0]?.replace(/^\//, '') ?? container.Id,
    state: container.State,
    health: healthFromStatus(container.Status),
    ...(exited ? { exitCode: Number(exited[1]) } : {}),
    ports: container.Ports.filter((p) => p.PublicPort).map(
      (p) => `${p.IP ? `${p.IP}:` : ''}${p.PublicPort}->${p.PrivatePort}/${p.Type}`,
    ),
  };
}

/** One short line: "postgres healthy · client starting". */
export function summarize(states: readonly { service: string; state: string; health: string }[]): string {
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
