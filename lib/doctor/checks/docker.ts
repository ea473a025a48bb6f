import type { DoctorCheck } from '../check.js';
import { engineReport } from '../engine.js';

/** Docker (or Podman) answers where data-eng looks for it: DOCKER_HOST, Docker's socket, Podman's socket. */
export const DOCKER_CHECK: DoctorCheck = {
  id: 'docker',
  async run(context) {
    const report = await engineReport(context);
    if (!report.version) {
      return [
        {
          id: 'docker.reachable',
          title: 'Docker engine reachable',
          status: 'fail',
          detail: `No engine answers at ${report.where} (${report.error ?? 'no answer'})`,
          fix: report.fix ?? 'start the Docker engine, then run data-eng doctor again',
        },
      ];
    }
    const podman = report.version.Components?.some((c) => /podman/i.test(c.Name));
    return [
      {
        id: 'docker.reachable',
        title: 'Docker engine reachable',
        status: 'pass',
        detail: `${podman ? 'Podman' : 'Docker'} ${report.version.Version} (API ${report.version.ApiVersion}) at ${report.where}`,
      },
    ];
  },
};
