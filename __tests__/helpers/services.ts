import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe } from 'vitest';

/** Settings written by `bash scripts/services.sh up` (see scripts/with-services.sh). */
export interface Services {
  readonly baseImage: string;
  readonly postgresImage: string;
  /**
   * A stand-in for apache/airflow:3.0.6-python3.12 with no Airflow in it, built from Debian by
   * scripts/services.sh: the image's entrypoint contract, uid 50000 group 0, its constraints file, a `uv`
   * that installs nothing (scripts/images/airflow-standin/Dockerfile).
   */
  readonly airflowStandinImage: string;
  readonly registry: string;
  readonly ad: {
    readonly realm: string;
    readonly domain: string;
    readonly baseDn: string;
    readonly adminUser: string;
    readonly adminPassword: string;
    readonly ca: string;
    readonly ldapsUrl: string;
    readonly ldapUrl: string;
    readonly smbConf: string;
    readonly krb5Config: string;
  };
}

const ENV_FILE = '/var/tmp/data-eng-services/env';

function loadEnvFile(): Record<string, string> {
  if (!existsSync(ENV_FILE)) return {};
  const out: Record<string, string> = {};
  for (const line of readFileSync(ENV_FILE, 'utf8').split('\n')) {
    const match = /^export ([A-Z0-9_]+)='(.*)'$/.exec(line);
    if (match) out[match[1]!] = match[2]!.replaceAll(`'\\''`, "'");
  }
  return out;
}

function dockerAnswers(): boolean {
  try {
    execFileSync('docker', ['info', '--format', '{{.ServerVersion}}'], { stdio: 'pipe', timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}

/** The services' settings, or the reason they are unavailable. */
export function services(): Services | string {
  const env = { ...loadEnvFile(), ...process.env } as Record<string, string | undefined>;
  if (!env.DATA_ENG_BASE_IMAGE) return `${ENV_FILE} is missing`;
  if (!dockerAnswers()) return 'the Docker engine does not answer';
  const need = (key: string): string => env[key] ?? '';
  return {
    baseImage: need('DATA_ENG_BASE_IMAGE'),
    postgresImage: need('DATA_ENG_POSTGRES_IMAGE'),
    airflowStandinImage: need('DATA_ENG_AIRFLOW_STANDIN_IMAGE'),
    registry: need('DATA_ENG_REGISTRY'),
    ad: {
      realm: need('DATA_ENG_AD_REALM'),
      domain: need('DATA_ENG_AD_DOMAIN'),
      baseDn: need('DATA_ENG_AD_BASE_DN'),
      adminUser: need('DATA_ENG_AD_ADMIN_USER'),
      adminPassword: need('DATA_ENG_AD_ADMIN_PASSWORD'),
      ca: need('DATA_ENG_AD_CA'),
      ldapsUrl: need('DATA_ENG_AD_LDAPS_URL'),
      ldapUrl: need('DATA_ENG_AD_LDAP_URL'),
      smbConf: need('DATA_ENG_AD_SMB_CONF'),
      krb5Config: need('DATA_ENG_KRB5_CONFIG'),
    },
  };
}

/**
 * describe() for tests against real services. Without them the suite fails with the reason and the command
 * that starts them; it is never skipped (only the integration project uses it, and `npm run test:services`
 * starts the services first).
 */
export function describeWithServices(name: string, body: (services: Services) => void): void {
  const found = services();
  if (typeof found === 'string') {
    describe(name, () => {
      throw new Error(
        `These tests need the real services, but ${found}; start them with bash scripts/services.sh up (npm run test:services does).`,
      );
    });
    return;
  }
  describe(name, () => body(found));
}
