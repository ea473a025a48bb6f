import { type ServiceState, healthFromStatus } from '../../lib/plugins/public-api.js';
import { execFile } from 'node:child_process';
import type { ComposeProject } from './compose-project.js';
import { parseComposePs, workingDirs } from './service-state.js';

interface DockerPsEntry {
  Labels?: string;
  State?: string;
  Status?: string;
  Ports?: string;
}

function label(labels: string, key: string): string | undefined {
  return new RegExp(`(?:^|,)${key.replaceAll('.', '\\.')}=([^,]*)`).exec(labels)?.[1];
}

/** Parse `docker ps --format '{{json .}}'` lines of compose containers into service states and working dirs. */
export function parseDockerPs(text: string): { states: ServiceState[]; dirs: string[] } {
  const entries = text
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as DockerPsEntry);
  const states = entries
    .map((e) => {
      const exited = /^Exited \((\d+)\)/.exec(e.Status ?? '');
      return {
        service: label(e.Labels ?? '', 'com.docker.compose.service') ?? '',
        state: e.State ?? 'unknown',
        health: healthFromStatus(e.Status ?? ''),
        ...(exited ? { exitCode: Number(exited[1]) } : {}),
        ports: (e.Ports ?? '').split(', ').filter((p) => p.includes('->') && !p.startsWith('[')),
      };
    })
    .filter((s) => s.service)
    .sort((a, b) => a.service.localeCompare(b.service));
  const dirs = entries.flatMap((e) => label(e.Labels ?? '', 'com.docker.compose.project.working_dir') ?? []);
  return { states, dirs };
}

/**
 * The project's containers: through `docker ps` (one quick call to the engine) when compose is Docker's,
 * else through `compose ps` (Podman and standalone compose).
 */
export async function projectState(
  project: ComposeProject,
): Promise<{ states: ServiceState[]; dirs: string[] }> {
  if (project.compose.program === 'docker') {
    const text = await new Promise<string | undefined>((resolve) =>
      execFile(
        'docker',
        [
          'ps',
          '--all',
          '--no-trunc',
          '--filter',
          `label=com.docker.compose.project=${project.name}`,
          '--format',
          '{{json .}}',
        ],
        { maxBuffer: 1 << 24 },
        (error, stdout) => resolve(error ? undefined : stdout),
      ),
    );
    if (text !== undefined) return parseDockerPs(text);
  }
  const result = await project.run(['ps', '--all', '--format', 'json']);
  const text = result.code === 0 ? result.stdout : '';
  return { states: parseComposePs(text), dirs: workingDirs(text) };
}

/**
 * Follow compose's own progress lines (" Container demo-postgres-1  Healthy") as per-service states,
 * so showing progress costs no extra process.
 */
export function progressReader(project: string, onChange: (summary: string) => void): (text: string) => void {
  const states = new Map<string, string>();
  let pending = '';
  const pattern = new RegExp(
    `^\\s*Container ${project.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-(.+)-\\d+\\s+(\\w+)`,
  );
  return (text) => {
    const lines = (pending + text).split('\n');
    pending = lines.pop() ?? '';
    let changed = false;
    for (const line of lines) {
      // eslint-disable-next-line no-control-regex
      const match = pattern.exec(line.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, ''));
      if (!match) continue;
      states.set(match[1]!, match[2]!.toLowerCase());
      changed = true;
    }
    if (changed)
      onChange(
        [...states]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([s, state]) => `${s} ${state}`)
          .join(' · '),
      );
  };
}
