import type { EnvRef, EnvValue } from '../model/env-value.js';
import { isSecretFile, partsOf, secretFilePath } from '../model/env-value.js';
import type { HealthCheck, PortBinding, VolumeMount } from '../model/stack.js';

/** Compose interpolates `$` everywhere, so a literal dollar sign must be written `$$`. */
export function escapeComposeLiteral(text: string): string {
  return text.replaceAll('$', '$$$$');
}

function composeRef(ref: EnvRef, requiredHint: string): string {
  if (ref.fallback !== undefined) return `\${${ref.ref}:-${escapeComposeLiteral(ref.fallback)}}`;
  return `\${${ref.ref}:?${requiredHint}}`;
}

/**
 * Spell an EnvValue the way compose.yaml needs it: literals escaped, references interpolated from .env, a secret's
 * file as its path in the container.
 */
export function composeValue(value: EnvValue): string {
  const hint = 'is not set: run data-eng doctor, or add it to .env';
  return partsOf(value)
    .map((part) =>
      typeof part === 'string'
        ? escapeComposeLiteral(part)
        : isSecretFile(part)
          ? secretFilePath(part.secretFile)
          : composeRef(part, hint),
    )
    .join('');
}

/** A published port in compose's short syntax: `127.0.0.1:${POSTGRES_PORT:-5432}:5432`, loopback unless set. */
export function composePort(port: PortBinding): string {
  const ip = port.hostIp ?? '127.0.0.1';
  if (port.host === 'auto') return `${ip}::${port.container}`;
  const host = port.hostVariable ? `\${${port.hostVariable}:-${port.host}}` : String(port.host);
  return `${ip}:${host}:${port.container}`;
}

/** A volume or bind mount in compose's short syntax: `pgdata:/var/lib/postgresql/data`, `./dags:/opt/airflow/dags:ro`. */
export function composeVolume(mount: VolumeMount): string {
  const source =
    mount.type === 'bind' && !mount.source.startsWith('/') && !mount.source.startsWith('.')
      ? `./${mount.source}`
      : mount.source;
  return `${escapeComposeLiteral(source)}:${mount.target}${mount.readOnly ? ':ro' : ''}`;
}

/** A health check as compose (and compose-like files) spell it: `test`, `interval`, `timeout`, `retries`, `start_period`. */
export function composeHealthcheck(check: HealthCheck): Record<string, unknown> {
  return {
    test: check.test.map(escapeComposeLiteral),
    ...(check.interval ? { interval: check.interval } : {}),
    ...(check.timeout ? { timeout: check.timeout } : {}),
    ...(check.retries ? { retries: check.retries } : {}),
    ...(check.startPeriod ? { start_period: check.startPeriod } : {}),
  };
}
