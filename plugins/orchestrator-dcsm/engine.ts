import { HOOK_EXIT, PluginError, SECRETS_DIR } from '../../lib/plugins/public-api.js';
import type Docker from 'dockerode';
import type { Names } from './names.js';
import { LABEL, labelFilter } from './names.js';
import type { RunService } from './resolve-service.js';

function isNotFound(error: unknown): boolean {
  return (error as { statusCode?: number }).statusCode === 404;
}

/** Every container of the namespace, running or not. */
export function namespaceContainers(docker: Docker, names: Names): Promise<Docker.ContainerInfo[]> {
  return docker.listContainers({ all: true, filters: labelFilter(`${LABEL.namespace}=${names.namespace}`) });
}

/** The namespace's network, where service names resolve; made once, labelled. */
export async function ensureNetwork(docker: Docker, names: Names): Promise<void> {
  try {
    await docker.getNetwork(names.network).inspect();
  } catch (error) {
    if (!isNotFound(error)) throw error;
    await docker.createNetwork({ Name: names.network, Driver: 'bridge', Labels: { ...names.labels } });
  }
}

/** The namespace's named volumes, made before any container mounts them, labelled with their persistence. */
export async function ensureVolumes(
  docker: Docker,
  names: Names,
  volumes: Readonly<Record<string, { persistent: boolean }>>,
  used: ReadonlySet<string>,
): Promise<void> {
  for (const [volume, { persistent }] of Object.entries(volumes)) {
    if (!used.has(volume)) continue;
    try {
      await docker.getVolume(names.volume(volume)).inspect();
    } catch (error) {
      if (!isNotFound(error)) throw error;
      await docker.createVolume({
        Name: names.volume(volume),
        Labels: { ...names.labels, [LABEL.volume]: volume, [LABEL.persistent]: String(persistent) },
      });
    }
  }
}

/**
 * The ID of the image a service runs. A built image that is missing is an error that says how to build it;
 * any other image is pulled.
 */
export async function ensureImage(docker: Docker, service: RunService, signal: AbortSignal): Promise<string> {
  try {
    return (await docker.getImage(service.image).inspect()).Id;
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  if (service.built) {
    throw new PluginError(
      `Image ${service.image} of service "${service.name}" is not built; run data-eng build (or docker compose build ${service.name}), then data-eng up again.`,
      HOOK_EXIT.environment,
    );
  }
  try {
    const stream = await docker.pull(service.image, { abortSignal: signal });
    await new Promise<void>((resolve, reject) =>
      docker.modem.followProgress(stream, (error: Error | null) => (error ? reject(error) : resolve())),
    );
    return (await docker.getImage(service.image).inspect()).Id;
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    const setting = service.imageVariable
      ? `set ${service.imageVariable} in .env to an image you can pull`
      : 'fix the image in services.yaml';
    throw new PluginError(
      `Cannot pull image ${service.image} for service "${service.name}" (${reason}); ${setting}, or load it with docker load.`,
      HOOK_EXIT.environment,
    );
  }
}

/**
 * Split the engine's multiplexed log stream (8-byte frame headers) into text. Returns a feeder for chunks;
 * a container with a TTY sends plain text, which passes through.
 */
export function logDemuxer(tty: boolean, onText: (text: string) => void): (chunk: Buffer) => void {
  let pending = Buffer.alloc(0);
  return (chunk) => {
    if (tty) return onText(chunk.toString('utf8'));
    pending = Buffer.concat([pending, chunk]);
    while (pending.length >= 8) {
      const size = pending.readUInt32BE(4);
      if (pending.length < 8 + size) break;
      onText(pending.subarray(8, 8 + size).toString('utf8'));
      pending = pending.subarray(8 + size);
    }
  };
}

/** A container's last log lines, as text. */
export async function tailLogs(docker: Docker, id: string, lines: number): Promise<string> {
  const container = docker.getContainer(id);
  const [info, raw] = await Promise.all([
    container.inspect(),
    container.logs({ stdout: true, stderr: true, follow: false, tail: lines }) as Promise<unknown>,
  ]);
  let text = '';
  logDemuxer(Boolean(info.Config.Tty), (part) => (text += part))(raw as Buffer);
  return text.trimEnd();
}

/**
 * Copy a service's secret files into its container under /run/secrets, read-only for everyone (0444, owned by
 * root), as compose copies secrets it reads from `.env`: before every start, so a rotated value is the one the
 * process reads. The values are in no create option, label or environment.
 */
export async function copySecrets(
  container: Docker.Container,
  secrets: Readonly<Record<string, string>>,
): Promise<void> {
  const entries = Object.entries(secrets);
  if (entries.length === 0) return;
  const { pack } = await import('tar-stream');
  const archive = pack();
  archive.entry({ name: 'run/', type: 'directory', mode: 0o755 });
  archive.entry({ name: SECRETS_ENTRY, type: 'directory', mode: 0o755 });
  for (const [id, value] of entries)
    archive.entry({ name: `${SECRETS_ENTRY}${id}`, mode: 0o444, uid: 0, gid: 0 }, value);
  archive.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of archive) chunks.push(chunk as Buffer);
  await container.putArchive(Buffer.concat(chunks), { path: '/' });
}

/** The secrets folder as a tar entry name, relative to the container's root. */
const SECRETS_ENTRY = `${SECRETS_DIR.replace(/^\//, '')}/`;
