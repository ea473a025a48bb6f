import { HOOK_EXIT, PluginError } from '../../lib/plugins/public-api.js';
import { execFile } from 'node:child_process';

/** How to run compose v2 here: the program, the arguments before compose's own, and its version. */
export interface ComposeCommand {
  readonly program: string;
  readonly prefix: readonly string[];
  readonly version: string;
  /** How a person would type it, for messages. */
  readonly label: string;
}

const CANDIDATES = [
  { program: 'docker', prefix: ['compose'], label: 'docker compose' },
  { program: 'docker-compose', prefix: [], label: 'docker-compose' },
  { program: 'podman', prefix: ['compose'], label: 'podman compose' },
] as const;

function output(program: string, args: readonly string[]): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(program, [...args], { timeout: 15_000 }, (error, stdout, stderr) =>
      resolve(error ? undefined : `${stdout}\n${stderr}`),
    );
  });
}

/** The version compose prints, whatever the wrapper adds around it ("Docker Compose version v2.26.1"). */
export function composeVersion(text: string): string | undefined {
  return /(?:compose version\s+v?|^v?)(\d+\.\d+\.\d+)/im.exec(text.trim())?.[1];
}

let found: Promise<ComposeCommand> | undefined;

/** What is tried first, without asking for versions: the Docker CLI plugin, there in nearly every setup. */
export const DOCKER_COMPOSE: ComposeCommand = {
  program: 'docker',
  prefix: ['compose'],
  version: '',
  label: 'docker compose',
};

/** Whether a failed `docker compose ...` failed because there is no compose plugin (not because of the project). */
export function composeMissing(stderr: string): boolean {
  return /is not a docker command|unknown command:? "?(docker )?compose|unknown shorthand flag: 'p' in -p/i.test(
    stderr,
  );
}

/**
 * Find compose v2: the Docker CLI plugin first, then a standalone docker-compose v2, then Podman's
 * `podman compose` (which runs whichever compose provider is installed). Compose v1 lacks `up --wait`.
 */
export function findCompose(): Promise<ComposeCommand> {
  found ??= (async () => {
    const seen: string[] = [];
    for (const candidate of CANDIDATES) {
      const text = await output(candidate.program, [...candidate.prefix, 'version']);
      const version = text ? composeVersion(text) : undefined;
      if (!version) continue;
      if (Number(version.split('.')[0]) >= 2) return { ...candidate, version };
      seen.push(`${candidate.label} ${version}`);
    }
    found = undefined;
    const old =
      seen.length > 0 ? ` Found only compose v1 (${seen.join(', ')}), which cannot wait for health.` : '';
    throw new PluginError(
      `Compose v2 is missing: neither docker compose, docker-compose v2 nor podman compose answered.${old} Install the Docker Compose v2 plugin (Docker Desktop ships it; on Debian/Ubuntu: apt-get install docker-compose-plugin), then run data-eng doctor.`,
      HOOK_EXIT.environment,
    );
  })();
  return found;
}
