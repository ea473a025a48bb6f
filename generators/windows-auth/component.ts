import { definePlugin, secretFile } from '../../lib/plugins/public-api.js';
import type { EnvValue, StackApi, VolumeMount } from '../../lib/plugins/public-api.js';
import { BIND_PASSWORD_VARIABLE, KEYTAB_VARIABLE } from '../../lib/auth/settings/settings.js';
import type { ResolvedWindowsAuth } from '../../lib/auth/settings/settings.js';
import { AIRFLOW_BUILD, AIRFLOW_RUNTIME_TARGET, AIRFLOW_SERVICES } from '../airflow/constants.js';
import { WINDOWS_AUTH_OPTIONS, WINDOWS_AUTH_REQUIRES, windowsAuthSettings } from './options.js';
import { windowsAuthFiles } from './files.js';
import {
  CCACHE_VOLUME,
  CONTAINER_PATHS,
  FAB_AUTH_MANAGER,
  KERBEROS_SIDECAR,
  WINDOWS_AUTH,
} from './constants.js';

/** Processes that run tasks wait for the sidecar's first ticket; the UI starts without one. */
const RUN_TASKS = new Set<string>([
  AIRFLOW_SERVICES.scheduler,
  AIRFLOW_SERVICES.worker,
  AIRFLOW_SERVICES.triggerer,
  AIRFLOW_SERVICES.dagProcessor,
]);

/** The Airflow processes (and the dev container) that share the login settings and the ticket. */
const TARGETS = [
  AIRFLOW_SERVICES.init,
  AIRFLOW_SERVICES.apiServer,
  AIRFLOW_SERVICES.scheduler,
  AIRFLOW_SERVICES.dagProcessor,
  AIRFLOW_SERVICES.triggerer,
  AIRFLOW_SERVICES.worker,
  'airflow-cli',
  'workspace',
];

function loginEnvironment(auth: ResolvedWindowsAuth): Record<string, EnvValue> {
  return {
    AIRFLOW__CORE__AUTH_MANAGER: FAB_AUTH_MANAGER,
    AIRFLOW__FAB__CONFIG_FILE: CONTAINER_PATHS.webserverConfig,
    // Tickets without addresses: the containers sit behind Docker's NAT.
    AIRFLOW__KERBEROS__INCLUDE_IP: 'False',
    ...(auth.kerberos === 'none' ? {} : { KRB5_CONFIG: CONTAINER_PATHS.krb5Conf }),
  };
}

const TICKET_ENVIRONMENT: Record<string, EnvValue> = {
  KRB5CCNAME: `FILE:${CONTAINER_PATHS.ccacheFile}`,
  AIRFLOW__KERBEROS__CCACHE: CONTAINER_PATHS.ccacheFile,
};

function ticketMount(auth: ResolvedWindowsAuth): VolumeMount | undefined {
  // The folder, never the file: kinit replaces the cache file, and a bind-mounted file would keep the old one.
  if (auth.kerberos === 'host') {
    return { type: 'bind', source: auth.ticketDir, target: CONTAINER_PATHS.ccacheDir, readOnly: true };
  }
  if (auth.kerberos === 'keytab') {
    return { type: 'volume', source: CCACHE_VOLUME, target: CONTAINER_PATHS.ccacheDir, readOnly: true };
  }
  return undefined;
}

const CONFIG_MOUNTS: readonly VolumeMount[] = [
  { type: 'bind', source: './docker/windows-auth', target: CONTAINER_PATHS.configDir, readOnly: true },
  { type: 'bind', source: './certs', target: CONTAINER_PATHS.certsDir, readOnly: true },
];

const SIDECAR_SCRIPT = [
  'set -eu',
  // The keytab is a secret file compose mounts from .env: in no environment, so not in docker inspect.
  `if [ ! -s "$${KEYTAB_VARIABLE}_FILE" ]; then echo "${KEYTAB_VARIABLE} is empty in .env: put the output of base64 -w0 YOUR.keytab there (docs/windows-auth.md)" >&2; exit 1; fi`,
  'umask 077',
  `base64 -d < "$${KEYTAB_VARIABLE}_FILE" > /tmp/airflow.keytab`,
  'exec airflow kerberos',
].join('\n');

function addKerberosSidecar(
  stack: StackApi,
  auth: ResolvedWindowsAuth,
  template: Record<string, EnvValue>,
): void {
  stack.addVolume(CCACHE_VOLUME, { persistent: false });
  stack.addSecret(
    KEYTAB_VARIABLE,
    'external',
    `Keytab of ${auth.keytabPrincipal}, base64-encoded (base64 -w0 FILE); fill it in, see docs/windows-auth.md`,
  );
  const scheduler = stack.getService(AIRFLOW_SERVICES.scheduler);
  stack.addService({
    name: KERBEROS_SIDECAR,
    description: 'Renews the service ticket from the keytab and shares it with the Airflow services',
    build: { build: AIRFLOW_BUILD, target: AIRFLOW_RUNTIME_TARGET },
    ...(scheduler?.user ? { user: scheduler.user } : {}),
    command: ['bash', '-c', SIDECAR_SCRIPT],
    // `airflow kerberos` records its start in the metadata database, like every Airflow command.
    ...(stack.hasService(AIRFLOW_SERVICES.init)
      ? { dependsOn: { [AIRFLOW_SERVICES.init]: 'service_completed_successfully' as const } }
      : {}),
    environment: {
      ...template,
      [`${KEYTAB_VARIABLE}_FILE`]: secretFile(KEYTAB_VARIABLE),
      AIRFLOW__KERBEROS__KEYTAB: '/tmp/airflow.keytab',
      AIRFLOW__KERBEROS__PRINCIPAL: auth.keytabPrincipal,
      AIRFLOW__KERBEROS__REINIT_FREQUENCY: '3600',
    },
    volumes: [...CONFIG_MOUNTS, { type: 'volume', source: CCACHE_VOLUME, target: CONTAINER_PATHS.ccacheDir }],
    healthcheck: {
      test: ['CMD', 'klist', '-s', '-c', `FILE:${CONTAINER_PATHS.ccacheFile}`],
      interval: '30s',
      timeout: '10s',
      retries: 5,
      startPeriod: '20s',
    },
    restart: 'unless-stopped',
  });
}

/**
 * Windows authentication: Airflow's UI signs users in against Active Directory (FAB auth manager, LDAP,
 * AD groups mapped to roles), and Airflow's processes share a Kerberos ticket: the WSL2 user's own (host)
 * or a service ticket renewed from a keytab by an `airflow kerberos` sidecar (keytab).
 */
export default definePlugin({
  name: WINDOWS_AUTH,
  apiVersion: 1,
  description:
    'Active Directory login with group-to-role mapping, and Kerberos tickets for the Airflow services.',
  requires: WINDOWS_AUTH_REQUIRES,
  options: WINDOWS_AUTH_OPTIONS,
  settings: windowsAuthSettings,
  contribute(stack, { answers }) {
    const auth = windowsAuthSettings(answers);
    stack.addSecret(
      BIND_PASSWORD_VARIABLE,
      'external',
      `Password of the AD bind account ${auth.bindUser}; fill it in, in single quotes (docs/windows-auth.md)`,
    );
    const environment = loginEnvironment(auth);
    const ticket = ticketMount(auth);
    const targets = TARGETS.filter((name) => stack.hasService(name));
    if (auth.kerberos === 'keytab') {
      const scheduler = stack.getService(AIRFLOW_SERVICES.scheduler)?.environment;
      addKerberosSidecar(stack, auth, { ...scheduler, ...environment, ...TICKET_ENVIRONMENT });
    }
    for (const name of targets) {
      const getsTicket = ticket !== undefined && name !== AIRFLOW_SERVICES.init;
      stack.addEnv(name, getsTicket ? { ...environment, ...TICKET_ENVIRONMENT } : environment);
      stack.updateService(name, (service) => ({
        volumes: [...service.volumes, ...CONFIG_MOUNTS, ...(getsTicket ? [ticket] : [])],
        ...(auth.kerberos === 'keytab' && RUN_TASKS.has(name)
          ? { dependsOn: { ...service.dependsOn, [KERBEROS_SIDECAR]: 'service_healthy' as const } }
          : {}),
      }));
    }
    stack.addEnv(AIRFLOW_SERVICES.apiServer, {
      [`${BIND_PASSWORD_VARIABLE}_FILE`]: secretFile(BIND_PASSWORD_VARIABLE),
    });
  },
  files(stack, { answers }) {
    return windowsAuthFiles(stack.project, windowsAuthSettings(answers));
  },
});
