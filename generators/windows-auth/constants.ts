import { AIRFLOW_AUTH_MANAGERS } from '../../lib/airflow.js';
import { CCACHE_FILE_NAME } from '../../lib/auth/settings/settings.js';

/** The component's name: its key in .yo-rc.json and in the catalog. */
export const WINDOWS_AUTH = 'windows-auth';

/** Airflow 3's auth manager with LDAP login (apache-airflow-providers-fab). */
export const FAB_AUTH_MANAGER = AIRFLOW_AUTH_MANAGERS.fab;

/** Files this component writes, relative to the project. */
export const WINDOWS_AUTH_FILES = {
  webserverConfig: 'docker/windows-auth/webserver_config.py',
  krb5Conf: 'docker/windows-auth/krb5.conf',
  renewScript: 'scripts/krb5-renew.sh',
  renewService: 'scripts/systemd/data-eng-krb5-renew.service',
  renewTimer: 'scripts/systemd/data-eng-krb5-renew.timer',
  docs: 'docs/windows-auth.md',
} as const;

/** Where things are inside the Airflow containers. Folders are mounted, never single files. */
export const CONTAINER_PATHS = {
  configDir: '/opt/data-eng/windows-auth',
  webserverConfig: '/opt/data-eng/windows-auth/webserver_config.py',
  krb5Conf: '/opt/data-eng/windows-auth/krb5.conf',
  certsDir: '/opt/data-eng/certs',
  /** The Airflow image creates this folder (mode 2770, group 0) so a fresh named volume inherits it. */
  ccacheDir: '/opt/airflow/krb5cc',
  ccacheFile: `/opt/airflow/krb5cc/${CCACHE_FILE_NAME}`,
} as const;

/** The `airflow kerberos` sidecar of the keytab mode and the volume it shares the ticket through. */
export const KERBEROS_SIDECAR = 'airflow-kerberos';
export const CCACHE_VOLUME = 'krb5-ccache';
