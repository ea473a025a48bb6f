import { posix } from 'node:path';
import { TEMPLATE_SERVICE_MAP, type TemplateService } from './template-project.js';

/** A team's own service, carried from the template's stack into the new one, and what had to change. */
export interface CarriedService {
  readonly name: string;
  readonly from: string;
  readonly into: string;
  /** The definition written (before its secrets are replaced: never reported). */
  readonly definition: Record<string, unknown>;
  readonly changes: readonly string[];
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A path relative to .devcontainer/ (where the template's compose file is), relative to the project instead. */
function rebase(path: string): string {
  if (path.startsWith('/') || path.startsWith('$') || path.startsWith('~')) return path;
  const rebased = posix.normalize(posix.join('.devcontainer', path));
  return rebased.startsWith('.') ? rebased : `./${rebased}`;
}

const isRelative = (path: string): boolean => path.startsWith('.');

/** A template service name as the new stack names it; undefined when the new stack has no such service. */
const renamed = (name: string, own: ReadonlySet<string>): string | undefined =>
  own.has(name) ? name : (TEMPLATE_SERVICE_MAP[name] ?? undefined);

/**
 * A published port bound to 127.0.0.1 (only the machine itself reaches it): `8080:80`, `${PORT:-8080}:80`, `0.0.0.0:8080:80`,
 * `80` (a host port compose picks) and the long form alike. A port already on a loopback address is kept.
 */
export function loopbackPort(port: unknown): unknown {
  if (isRecord(port))
    return /^(127\.|::1$|\[::1\])/.test(String(port.host_ip ?? ''))
      ? port
      : { ...port, host_ip: '127.0.0.1' };
  const text = String(port);
  // Colons inside ${...} are not separators.
  const parts = text.replace(/\$\{[^}]*\}/g, (ref) => ref.replaceAll(':', '\u0000')).split(':');
  const restore = (part: string) => part.replaceAll('\u0000', ':');
  if (parts.length >= 3) {
    const interfaceOf = parts.slice(0, parts.length - 2).join(':');
    if (/^(127\.|\[::1\]$)/.test(interfaceOf)) return text;
    return ['127.0.0.1', ...parts.slice(-2).map(restore)].join(':');
  }
  if (parts.length === 2) return `127.0.0.1:${text}`;
  return `127.0.0.1::${text}`;
}

/**
 * One of the team's compose services from .devcontainer/compose.yaml, made to work from the project root in the
 * new stack: relative paths rebased, dependencies on the template's services renamed (or dropped when the new
 * stack has none), published ports bound to 127.0.0.1.
 */
export function carryComposeService(
  service: TemplateService,
  ownServices: ReadonlySet<string>,
  movedTo: (path: string) => string | undefined = () => undefined,
): CarriedService {
  const changes: string[] = [];
  const out: Record<string, unknown> = { ...service.definition };
  const build = out.build;
  if (typeof build === 'string' && isRelative(build)) {
    out.build = rebase(build);
    changes.push(`build context ${build} → ${String(out.build)}`);
  } else if (isRecord(build) && typeof build.context === 'string' && isRelative(build.context)) {
    out.build = { ...build, context: rebase(build.context) };
    changes.push(`build context ${build.context} → ${rebase(build.context)}`);
  }
  if (Array.isArray(out.volumes)) {
    out.volumes = out.volumes.map((volume) => {
      if (typeof volume === 'string') {
        const [source, ...rest] = volume.split(':');
        if (!source || !isRelative(source)) return volume;
        changes.push(`volume ${source} → ${rebase(source)}`);
        return [rebase(source), ...rest].join(':');
      }
      if (isRecord(volume) && typeof volume.source === 'string' && isRelative(volume.source)) {
        changes.push(`volume ${volume.source} → ${rebase(volume.source)}`);
        return { ...volume, source: rebase(volume.source) };
      }
      return volume;
    });
  }
  if (out.env_file !== undefined) {
    // Relative to the project; a file adoption moves aside (the template's airflow.env) is read where it went.
    const place = (file: string): string => {
      const rebased = rebase(file).replace(/^\.\//, '');
      const target = movedTo(rebased) ?? rebased;
      changes.push(`env_file ${file} → ${target}`);
      return target;
    };
    out.env_file = [out.env_file].flat().map((file) => {
      if (typeof file === 'string' && !file.startsWith('/')) return place(file);
      if (isRecord(file) && typeof file.path === 'string' && !file.path.startsWith('/'))
        return { ...file, path: place(file.path) };
      return file;
    });
  }
  if (out.depends_on !== undefined) {
    const entries: [string, unknown][] = Array.isArray(out.depends_on)
      ? out.depends_on.map((name) => [String(name), { condition: 'service_started' }])
      : Object.entries(out.depends_on as Record<string, unknown>);
    const kept: Record<string, unknown> = {};
    for (const [name, condition] of entries) {
      const target = renamed(name, ownServices);
      if (target === undefined) {
        changes.push(`depends_on ${name} dropped: the new stack has no such service`);
        continue;
      }
      if (target !== name) changes.push(`depends_on ${name} → ${target}`);
      kept[target] = condition;
    }
    out.depends_on = kept;
  }
  if (Array.isArray(out.ports)) {
    out.ports = out.ports.map((port) => {
      const bound = loopbackPort(port);
      if (JSON.stringify(bound) !== JSON.stringify(port))
        changes.push(`port ${JSON.stringify(port)} bound to 127.0.0.1`);
      return bound;
    });
  }
  return {
    name: service.name,
    from: '.devcontainer/compose.yaml',
    into: 'compose.yaml',
    definition: out,
    changes,
  };
}

/**
 * One of the team's DCSM services from .devcontainer/services.yaml, in the runner's format (the keys DCSM reads
 * are the same; dependencies on the template's services are renamed, and its template is its image).
 */
export function carryDcsmService(service: TemplateService, ownServices: ReadonlySet<string>): CarriedService {
  const changes: string[] = [];
  const definition = service.definition;
  const out: Record<string, unknown> = { ...definition };
  if (out.image === undefined && typeof definition.template === 'string') out.image = definition.template;
  const depends = Array.isArray(definition.depends_on) ? definition.depends_on.map(String) : [];
  out.depends_on = depends.flatMap((name) => {
    const target = renamed(name, ownServices);
    if (target === undefined) {
      changes.push(`depends_on ${name} dropped: the new stack has no such service`);
      return [];
    }
    if (target !== name) changes.push(`depends_on ${name} → ${target}`);
    return [target];
  });
  out.persistent = Boolean(definition.persistent);
  out.health_check = Boolean(definition.health_check);
  // DCSM names a port `name:container port`; the runner publishes the container port on a free host port.
  out.ports = (Array.isArray(definition.ports) ? definition.ports : []).map((port) => {
    const named = /^[A-Za-z][\w-]*:(\d+)$/.exec(String(port));
    if (!named) return port;
    changes.push(`port ${String(port)} → ${named[1]}`);
    return named[1];
  });
  return {
    name: service.name,
    from: '.devcontainer/services.yaml',
    into: 'services.yaml',
    definition: out,
    changes,
  };
}

/**
 * A top-level `secrets:` or `configs:` entry a carried service refers to, read from the project root: its `file:`
 * rebased like the service's paths, and read where adoption moved it when it was moved aside.
 */
export function carryTopLevelEntry(
  entry: unknown,
  movedTo: (path: string) => string | undefined = () => undefined,
): unknown {
  if (!isRecord(entry) || typeof entry.file !== 'string') return entry;
  const file = entry.file;
  if (file.startsWith('/') || file.startsWith('$') || file.startsWith('~')) return entry;
  const rebased = rebase(file.startsWith('.') ? file : `./${file}`).replace(/^\.\//, '');
  const target = movedTo(rebased) ?? rebased;
  return { ...entry, file: `./${target}` };
}

/** The named volumes a service mounts (`name:/path`, or `{type: volume, source: name}`). */
export function namedVolumesOf(definition: Record<string, unknown>): string[] {
  if (!Array.isArray(definition.volumes)) return [];
  return definition.volumes.flatMap((volume) => {
    if (typeof volume === 'string') {
      const source = volume.split(':')[0] ?? '';
      return volume.includes(':') && /^[A-Za-z0-9][\w.-]*$/.test(source) ? [source] : [];
    }
    return isRecord(volume) && volume.type === 'volume' && typeof volume.source === 'string'
      ? [volume.source]
      : [];
  });
}

/** The top-level names a service refers to, by section: volumes, networks, configs and secrets. */
export function topLevelReferences(definition: Record<string, unknown>): Record<string, string[]> {
  const names = (value: unknown): string[] =>
    Array.isArray(value)
      ? value.flatMap((item) =>
          typeof item === 'string'
            ? [item]
            : isRecord(item) && typeof item.source === 'string'
              ? [item.source]
              : [],
        )
      : isRecord(value)
        ? Object.keys(value)
        : [];
  return {
    volumes: namedVolumesOf(definition),
    networks: names(definition.networks),
    configs: names(definition.configs),
    secrets: names(definition.secrets),
  };
}

/** The variables a text refers to as `${NAME}`, `${NAME:-default}` or `$NAME`. */
export function referencedVariables(text: string): string[] {
  return [...new Set([...text.matchAll(/\$\{?([A-Za-z_]\w*)/g)].map((m) => m[1]!))];
}
