/**
 * The Kubernetes Secrets values.yaml refers to (never their values), each with the key the chart reads.
 * Created by the team, e.g. with kubectl create secret generic NAME --from-literal=KEY=VALUE.
 */
export interface SecretReference {
  readonly name: string;
  readonly key: string;
  readonly holds: string;
  /** Every key the Secret holds, when there are more than `key`. */
  readonly keys?: readonly string[];
  /** Held as base64 where it is kept (a keytab): the External Secrets Operator decodes it. */
  readonly binary?: true;
  /** Not secret: a ConfigMap, created by hand whatever the secrets source. */
  readonly configMap?: true;
  /** The .env variable of the compose stack that holds the same kind of value. */
  readonly sameAs?: string;
}

/** What a Secret holds, and the .env variable that holds the same kind of value locally. */
export const describeSecret = (ref: SecretReference): string =>
  ref.sameAs ? `${ref.holds} (${ref.sameAs} in .env)` : ref.holds;

/** The keys of one Secret. */
export const secretKeys = (ref: SecretReference): readonly string[] => ref.keys ?? [ref.key];

export function secretNames(project: string) {
  return {
    fernetKey: {
      sameAs: 'AIRFLOW_FERNET_KEY',
      name: `${project}-fernet-key`,
      key: 'fernet-key',
      holds: 'the Fernet key',
    },
    jwtSecret: {
      sameAs: 'AIRFLOW_JWT_SECRET',
      name: `${project}-jwt-secret`,
      key: 'jwt-secret',
      holds: 'the JWT secret',
    },
    apiSecretKey: {
      sameAs: 'AIRFLOW_API_SECRET_KEY',
      name: `${project}-api-secret-key`,
      key: 'api-secret-key',
      holds: 'the API secret key',
    },
    metadata: {
      name: `${project}-metadata`,
      key: 'connection',
      holds: 'the metadata database URL, postgresql://USER:PASSWORD@HOST:5432/DB',
    },
    resultBackend: {
      name: `${project}-result-backend`,
      key: 'connection',
      holds: 'the Celery result backend URL, db+postgresql://USER:PASSWORD@HOST:5432/DB',
    },
    brokerUrl: {
      name: `${project}-broker-url`,
      key: 'connection',
      holds: 'the Redis URL, redis://:PASSWORD@RELEASE-redis:6379/0',
    },
    redisPassword: { name: `${project}-redis-password`, key: 'password', holds: 'the Redis password' },
    postgres: {
      name: `${project}-postgresql`,
      key: 'postgres-password',
      keys: ['postgres-password', 'password'],
      holds: "the chart PostgreSQL's passwords (keys postgres-password and password)",
    },
    adminPassword: {
      sameAs: 'AIRFLOW_ADMIN_PASSWORD',
      name: `${project}-admin-password`,
      key: 'password',
      holds: 'the password of the admin user',
    },
    ldapBind: {
      sameAs: 'AD_BIND_PASSWORD',
      name: `${project}-ldap-bind`,
      key: 'password',
      holds: 'the AD bind account password',
    },
    ldapCa: {
      name: `${project}-ldap-ca`,
      key: 'ca.pem',
      holds: 'a ConfigMap with the AD root CA (PEM)',
      configMap: true,
    },
    // The chart mounts <release>-kerberos-keytab; the install line names the release after the project.
    kerberosKeytab: {
      sameAs: 'KRB5_KEYTAB_BASE64',
      name: `${project}-kerberos-keytab`,
      key: 'kerberos.keytab',
      holds: 'the service keytab',
      binary: true,
    },
  } satisfies Record<string, SecretReference>;
}
