import type { Services } from './services.js';
import { runGenerator } from './run-generator.js';

/**
 * A project with postgres and airflow, then windows-auth added the way a user does (`data-eng add windows-auth`
 * flags), pointed at the test domain controller with its CA; `flags` adds or overrides.
 */
export async function windowsAuthProject(
  services: Services,
  name: string,
  flags: Readonly<Record<string, string | boolean>>,
): Promise<string> {
  const project = (await runGenerator('app', { name, components: 'postgres,airflow' })).cwd;
  await runGenerator(
    'windows-auth',
    {
      'ad-domain': services.ad.domain,
      'ad-dc-urls': services.ad.ldapsUrl,
      'ad-ca-file': services.ad.ca,
      ...flags,
    },
    project,
  );
  return project;
}
