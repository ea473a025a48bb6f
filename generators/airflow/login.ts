import type { ContributeContext } from '../../lib/plugins/public-api.js';
import type { ResolvedAirflow } from './options.js';

/**
 * How people sign in to the Airflow UI:
 * - `simple`: the simple auth manager's one user, its password written from .env at every api-server start;
 * - `database`: FAB users in the metadata database, the first (admin) created by airflow-init;
 * - `active-directory`: FAB over LDAP (windows-auth). FAB then looks every user up in AD, never in the
 *   database, so no database user is created and Admin comes from a mapped AD group.
 */
export type Login = 'simple' | 'database' | 'active-directory';

export function loginOf(airflow: ResolvedAirflow, context: Pick<ContributeContext, 'enabled'>): Login {
  if (context.enabled('windows-auth')) return 'active-directory';
  return airflow.authManager === 'simple' ? 'simple' : 'database';
}
