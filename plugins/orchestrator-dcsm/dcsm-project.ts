import type { HookContext } from '../../lib/plugins/public-api.js';
import type { Variables } from './interpolate.js';
import type { Names } from './names.js';
import { namesFor } from './names.js';
import { resolveNamespace } from './namespace.js';
import type { ServicesFile } from './services-file.js';
import { readServicesFile } from './services-file.js';

/** What every runner action needs: the services file, the namespace's names, the variables. */
export interface DcsmProject {
  readonly ctx: HookContext;
  readonly file: ServicesFile;
  readonly names: Names;
  /** The environment over .env, as compose would interpolate. */
  readonly vars: Variables;
}

/** Read services.yaml and .env and settle the namespace (`<namespace>_<branch>`). */
export async function openDcsmProject(ctx: HookContext): Promise<DcsmProject> {
  const [file, dotenv] = await Promise.all([readServicesFile(ctx.projectDir, ctx.stack), ctx.projectEnv()]);
  const { namespace, branch } = await resolveNamespace(file.namespace, ctx.projectDir);
  return {
    ctx,
    file,
    names: namesFor(namespace, file.namespace, branch),
    vars: { ...dotenv, ...process.env },
  };
}

/** The services `up` starts when none are named: every service outside a profile. */
export function defaultServices(file: ServicesFile): string[] {
  return Object.entries(file.services)
    .filter(([, service]) => service.profiles.length === 0)
    .map(([name]) => name)
    .sort();
}

/** Each service's dependencies, as start-order reads them. */
export function dependencyMap(file: ServicesFile): Record<string, string[]> {
  return Object.fromEntries(Object.entries(file.services).map(([name, s]) => [name, s.depends_on]));
}
