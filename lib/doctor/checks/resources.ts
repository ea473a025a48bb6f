import { statfs } from 'node:fs/promises';
import type { CheckResult, DoctorCheck } from '../check.js';
import { engineReport } from '../engine.js';

/** Airflow's documented minimums for running it in Docker: 4 GB of memory, 2 CPUs, 10 GB of disk. */
export const AIRFLOW_MINIMUMS = { memoryBytes: 4 * 1024 ** 3, cpus: 2, diskBytes: 10 * 1024 ** 3 } as const;
/** An engine VM set to 4 GB reports a little less (its kernel keeps some), so allow 5%. */
const MEMORY_SLACK = 0.95;

const gib = (bytes: number): string => `${(bytes / 1024 ** 3).toFixed(1)} GB`;

const RAISE =
  'Give Docker more: Docker Desktop > Settings > Resources (or .wslconfig memory=/processors= for WSL2), then restart it.';

/** Judge what the engine reports against the minimums; pure, so every branch is testable. */
export function judgeResources(info: {
  memTotal?: number;
  ncpu?: number;
  diskFree?: number;
  rootDir?: string;
}): CheckResult[] {
  const results: CheckResult[] = [];
  if (info.memTotal !== undefined) {
    const ok = info.memTotal >= AIRFLOW_MINIMUMS.memoryBytes * MEMORY_SLACK;
    results.push({
      id: 'resources.memory',
      title: 'Memory for Docker (Airflow needs 4 GB)',
      status: ok ? 'pass' : 'fail',
      detail: `Docker has ${gib(info.memTotal)} of memory`,
      ...(ok ? {} : { fix: RAISE }),
    });
  }
  if (info.ncpu !== undefined) {
    const ok = info.ncpu >= AIRFLOW_MINIMUMS.cpus;
    results.push({
      id: 'resources.cpus',
      title: 'CPUs for Docker (Airflow needs 2)',
      status: ok ? 'pass' : 'fail',
      detail: `Docker has ${info.ncpu} CPU${info.ncpu === 1 ? '' : 's'}`,
      ...(ok ? {} : { fix: RAISE }),
    });
  }
  if (info.diskFree !== undefined) {
    const ok = info.diskFree >= AIRFLOW_MINIMUMS.diskBytes;
    results.push({
      id: 'resources.disk',
      title: 'Free disk where Docker stores data (Airflow needs 10 GB)',
      status: ok ? 'pass' : 'fail',
      detail: `${gib(info.diskFree)} free at ${info.rootDir}`,
      ...(ok
        ? {}
        : {
            fix: 'Free space: docker system prune (and data-eng cache prune), or give Docker Desktop a larger disk.',
          }),
    });
  }
  return results;
}

async function diskFree(path: string): Promise<number | undefined> {
  try {
    const stats = await statfs(path);
    return stats.bavail * stats.bsize;
  } catch {
    return undefined;
  }
}

/** Memory, CPUs and disk as the engine sees them (`docker info`), against Airflow's minimums. */
export const RESOURCES_CHECK: DoctorCheck = {
  id: 'resources',
  async run(context) {
    const report = await engineReport(context);
    if (!report.info) {
      return [
        {
          id: 'resources',
          title: 'Memory, CPUs and disk for Docker',
          status: 'skip',
          detail: 'The engine does not answer, so its resources are unknown (see the Docker check)',
        },
      ];
    }
    const rootDir = typeof report.info.DockerRootDir === 'string' ? report.info.DockerRootDir : undefined;
    const free = rootDir ? await diskFree(rootDir) : undefined;
    const results = judgeResources({
      memTotal: Number(report.info.MemTotal),
      ncpu: Number(report.info.NCPU),
      ...(free !== undefined ? { diskFree: free, rootDir } : {}),
    });
    if (free === undefined) {
      results.push({
        id: 'resources.disk',
        title: 'Free disk where Docker stores data (Airflow needs 10 GB)',
        status: 'skip',
        detail: `Docker stores data in ${rootDir ?? 'an unknown folder'}, which is not visible from here (the engine runs in a VM)`,
        fix: 'Check the disk size under Docker Desktop > Settings > Resources.',
      });
    }
    return results;
  },
};
