import { describe, expect, it } from 'vitest';
import { judgeResources } from './resources.js';

const GB = 1024 ** 3;

describe('resources against Airflow minimums', () => {
  it('passes 4 GB (as a 4 GB VM reports it), 2 CPUs and 10 GB free', () => {
    const results = judgeResources({
      memTotal: 3.84 * GB,
      ncpu: 2,
      diskFree: 10 * GB,
      rootDir: '/var/lib/docker',
    });
    expect(results.map((r) => [r.id, r.status])).toEqual([
      ['resources.memory', 'pass'],
      ['resources.cpus', 'pass'],
      ['resources.disk', 'pass'],
    ]);
    expect(results[2]!.detail).toBe('10.0 GB free at /var/lib/docker');
  });

  it('fails each below the minimum, with the fix', () => {
    const results = judgeResources({
      memTotal: 2 * GB,
      ncpu: 1,
      diskFree: 3 * GB,
      rootDir: '/var/lib/docker',
    });
    expect(results.map((r) => r.status)).toEqual(['fail', 'fail', 'fail']);
    expect(results[0]).toMatchObject({ detail: 'Docker has 2.0 GB of memory' });
    expect(results[0]!.fix).toMatch(/Settings > Resources/);
    expect(results[1]!.detail).toBe('Docker has 1 CPU');
    expect(results[2]!.fix).toMatch(/docker system prune/);
  });
});
