import { execFile } from 'node:child_process';
import type { DoctorCheck } from '../check.js';

const CANDIDATES = [
  { program: 'docker', args: ['compose', 'version'], label: 'docker compose' },
  { program: 'docker-compose', args: ['version'], label: 'docker-compose' },
  { program: 'podman', args: ['compose', 'version'], label: 'podman compose' },
] as const;

function run(program: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(program, [...args], { timeout: 15_000, env }, (error, stdout, stderr) =>
      resolve(error ? undefined : `${stdout}\n${stderr}`),
    );
  });
}

/** The version compose prints, whatever a wrapper adds around it ("Docker Compose version v2.26.1"). */
export function composeVersion(text: string): string | undefined {
  return /(?:compose version\s+v?|^v?)(\d+\.\d+\.\d+)/im.exec(text.trim())?.[1];
}

const INSTALL =
  'Install the Docker Compose v2 plugin: Docker Desktop ships it; on Debian/Ubuntu run apt-get install docker-compose-plugin, or put the docker-compose v2 binary in ~/.docker/cli-plugins/.';

/** Compose v2 is what orchestrator-compose runs (`up --wait` needs it); v1 (docker-compose 1.x) cannot wait for health. */
export const COMPOSE_CHECK: DoctorCheck = {
  id: 'compose',
  async run(context) {
    const old: string[] = [];
    for (const candidate of CANDIDATES) {
      const text = await run(candidate.program, candidate.args, context.env);
      const version = text ? composeVersion(text) : undefined;
      if (!version) continue;
      if (Number(version.split('.')[0]) >= 2) {
        return [
          {
            id: 'compose.v2',
            title: 'Compose v2 present',
            status: 'pass',
            detail: `${candidate.label} ${version}`,
          },
        ];
      }
      old.push(`${candidate.label} ${version}`);
    }
    return [
      {
        id: 'compose.v2',
        title: 'Compose v2 present',
        status: 'fail',
        detail: old.length
          ? `Only compose v1 found (${old.join(', ')}), which cannot wait for health`
          : 'Neither docker compose, docker-compose nor podman compose answered',
        fix: INSTALL,
      },
    ];
  },
};
