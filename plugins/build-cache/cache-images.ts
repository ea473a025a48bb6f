import type Docker from 'dockerode';
import { formatTable, HOOK_EXIT, PluginError } from '../../lib/plugins/public-api.js';
import { LABELS, SHORT_KEY } from './image-names.js';

/** One image of the build cache, as `data-eng cache ls` shows it. */
export interface CacheEntry {
  readonly key: string;
  readonly id: string;
  readonly build: string;
  readonly stage: string;
  readonly tags: readonly string[];
  readonly size: number;
  readonly created: string;
  /** When a build last produced, reused or pulled it (its last tagging), else when it was made. */
  readonly lastUsed: string;
  /** Projects with a name on it, from its `<project>-<build>:...` tags. */
  readonly projects: readonly string[];
  /** Compose runs it: some project's `<repo>:<stage>` name points at it. */
  readonly current: boolean;
  readonly weak?: string;
}

const UNITS: Record<string, number> = { s: 1e3, m: 60e3, h: 3600e3, d: 86400e3, w: 7 * 86400e3 };

/** `7d`, `12h`, `30m`, `2w`, `90s` in milliseconds. */
export function parseAge(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([smhdw])$/.exec(text.trim());
  if (!match) {
    throw new PluginError(
      `--older-than "${text}" is not an age; use a number and a unit (s, m, h, d, w), like 7d or 12h.`,
      HOOK_EXIT.usage,
    );
  }
  return Number(match[1]) * UNITS[match[2]!]!;
}

/** `3d`, `5h`, `12m`, `40s`: the largest whole unit. */
export function formatAge(ms: number): string {
  for (const unit of ['w', 'd', 'h', 'm'] as const)
    if (ms >= UNITS[unit]!) return `${Math.floor(ms / UNITS[unit]!)}${unit}`;
  return `${Math.max(0, Math.floor(ms / 1000))}s`;
}

export function formatSize(bytes: number): string {
  return bytes >= 1e9 ? `${(bytes / 1e9).toFixed(1)} GB` : `${Math.round(bytes / 1e6)} MB`;
}

function projectsOf(tags: readonly string[], build: string, labelled: string): string[] {
  const names = new Set<string>();
  for (const tag of tags) {
    const repo = tag.slice(0, tag.lastIndexOf(':'));
    if (!repo.includes('/') && repo.endsWith(`-${build}`)) names.add(repo.slice(0, -build.length - 1));
  }
  if (names.size === 0 && labelled) names.add(labelled);
  return [...names].sort();
}

/** Every image in the engine carrying a build-cache key, from any project, most recently used first. */
export async function listCache(docker: Docker): Promise<CacheEntry[]> {
  const images = await docker.listImages({ filters: { label: [LABELS.key] } });
  const entries = await Promise.all(
    images.map(async (image): Promise<CacheEntry> => {
      const labels = image.Labels ?? {};
      const info = (await docker.getImage(image.Id).inspect()) as unknown as {
        Metadata?: { LastTagTime?: string };
      };
      const created = image.Created * 1000;
      const tagged = Date.parse(info.Metadata?.LastTagTime ?? '') || 0;
      const tags = (image.RepoTags ?? []).filter((tag) => tag !== '<none>:<none>').sort();
      const build = labels[LABELS.build] ?? '';
      const stage = labels[LABELS.stage] ?? '';
      return {
        key: labels[LABELS.key]!,
        id: image.Id,
        build,
        stage,
        tags,
        size: image.Size,
        created: new Date(created).toISOString(),
        lastUsed: new Date(Math.max(created, tagged)).toISOString(),
        projects: projectsOf(tags, build, labels[LABELS.project] ?? ''),
        current: tags.some((tag) => tag.endsWith(`:${stage}`)),
        ...(labels[LABELS.weak] ? { weak: labels[LABELS.weak] } : {}),
      };
    }),
  );
  return entries.sort((a, b) => b.lastUsed.localeCompare(a.lastUsed));
}

/** The `cache ls` table. */
export function formatCache(entries: readonly CacheEntry[], now = Date.now()): string {
  if (entries.length === 0) return 'The build cache is empty: no image in this engine carries a fingerprint.';
  return formatTable([
    ['KEY', 'STAGE', 'IMAGE', 'SIZE', 'AGE', 'LAST USED', 'PROJECTS'],
    ...entries.map((e) => [
      e.key.slice(0, SHORT_KEY),
      `${e.build}:${e.stage}`,
      e.tags.find((tag) => tag.includes(`:${e.stage}-`)) ?? e.tags[0] ?? e.id.slice(7, 19),
      formatSize(e.size),
      formatAge(now - Date.parse(e.created)),
      `${formatAge(now - Date.parse(e.lastUsed))} ago`,
      e.projects.join(', '),
    ]),
  ]);
}
