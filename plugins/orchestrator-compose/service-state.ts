import type { ServiceState } from '../../lib/plugins/public-api.js';

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

/** Whether a service counts as up: running and, if it has a health check, healthy. */
export function isUp(state: ServiceState, oneShot: boolean): boolean {
  if (oneShot) return state.state === 'exited' && state.exitCode === 0;
  return state.state === 'running' && (state.health === '' || state.health === 'healthy');
}
