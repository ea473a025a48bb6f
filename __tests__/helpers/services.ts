import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe } from 'vitest';

/** Settings written by `bash scripts/services.sh up` (see scripts/with-services.sh). */
export interface Services {
  readonly baseImage: string;
  readonly postgresImage: string;
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

/** Whether the run must have the real services: then a missing service fails the tests instead of skipping them. */
export const SERVICES_REQUIRED = process.env.DATA_ENG_REQUIRE_SERVICES === '1';

/** The services' settings, or the reason they are unavailable. */
export function services(): Services | string {
  const env = { ...loadEnvFile(), ...process.env } as Record<string, string | undefined>;
  if (!env.DATA_ENG_BASE_IMAGE) return `${ENV_FILE} is missing: run bash scripts/services.sh up`;
  if (!dockerAnswers()) return 'the Docker engine does not answer: run bash scripts/services.sh up';
  const need = (key: string): string => env[key] ?? '';
  return {
    baseImage: need('DATA_ENG_BASE_IMAGE'),
    postgresImage: need('DATA_ENG_POSTGRES_IMAGE'),
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
 * describe() for tests against real services. Without them the suite is skipped, unless
 * DATA_ENG_REQUIRE_SERVICES=1 (CI), where it fails with the reason.
 */
export function describeWithServices(name: string, body: (services: Services) => void): void {
  const found = services();
  if (typeof found === 'string') {
    if (SERVICES_REQUIRED) {
      describe(name, () => {
        throw new Error(`Real services are required (DATA_ENG_REQUIRE_SERVICES=1) but ${found}.`);
      });
    } else {
      describe.skip(`${name} (skipped: ${found})`, () => undefined);
    }
    return;
  }
  describe(name, () => body(found));
}
