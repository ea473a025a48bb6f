import { nearest } from '../config/did-you-mean.js';
import { referencedVariables, secretFilesOf } from '../model/env-value.js';
import type { Secret, SecretRole, Stack } from '../model/stack.js';
import { generateSecret } from './generate-secret.js';

/** A secret `data-eng secrets rotate` will not change, with the reason and what to do instead. */
export class RotationRefused extends Error {
  override readonly name = 'RotationRefused';
}

/** What rotating one secret takes, in order: the role in the database, then `.env`, then the services that read it. */
export interface RotationPlan {
  readonly secret: Secret;
  /** The value `.env` gets. Never printed. */
  readonly value: string;
  /** Change the role's password in the running database first, so nothing is locked out. */
  readonly role?: SecretRole;
  /** The services that read the secret's file: recreated (those running) so they read the new value. */
  readonly readers: readonly string[];
  /** What is left for the user, in order. */
  readonly next: readonly string[];
}

/** The services that read a secret: as a file, or (a plugin's service) from their environment. */
export function secretReaders(stack: Stack, name: string): string[] {
  return Object.values(stack.services)
    .filter((service) =>
      Object.values(service.environment).some(
        (value) => secretFilesOf(value).includes(name) || referencedVariables(value).includes(name),
      ),
    )
    .map((service) => service.name);
}

/**
 * What recreating these services did that a user must know: the dev container among them ended the terminals a
 * VS Code window had open in it. Empty when nothing of the kind happened.
 */
export function recreatedNotes(stack: Stack, recreated: readonly string[]): string[] {
  const devContainer = stack.devcontainer?.service;
  return devContainer && recreated.includes(devContainer)
    ? [
        `the dev container (${devContainer}) was recreated to read it: its open terminals ended; VS Code reconnects by itself (if it does not, run Developer: Reload Window)`,
      ]
    : [];
}

/** Whether `data-eng secrets rotate` can change a secret, or it is changed where it comes from. */
export function rotatable(secret: Secret): boolean {
  return secret.kind !== 'external' && !(secret.kind === 'password' && !secret.role);
}

/**
 * Plan the rotation of one secret from its kind. A role's password is changed in the database before `.env`
 * (then the readers are recreated; sessions already open stay until they end). The Fernet key goes the two-key
 * way Airflow documents: new key first, old kept, `airflow rotate-fernet-key`, then `--finish` drops the old.
 * A signing token is replaced outright. A password no role holds here, and a secret supplied from outside, are
 * refused with the reason.
 */
export function planRotation(
  stack: Stack,
  name: string,
  current: string | undefined,
  options: { readonly finish?: boolean; readonly cliCommand?: (args: string) => string } = {},
): RotationPlan {
  const command = options.cliCommand ?? ((args: string) => `data-eng ${args}`);
  const secret = stack.secrets[name];
  if (!secret) {
    const near = nearest(name, Object.keys(stack.secrets));
    throw new RotationRefused(
      `"${name}" is not a secret of this project${near ? `; did you mean ${near}?` : '.'} ${command('secrets ls')} lists them.`,
    );
  }
  const readers = secretReaders(stack, name).filter((service) => service !== secret.role?.service);
  if (options.finish && secret.kind !== 'fernet')
    throw new RotationRefused(`--finish ends a Fernet key rotation; ${name} is rotated in one step.`);
  if (secret.kind === 'external') {
    throw new RotationRefused(
      `${name} is supplied from outside the project (${secret.description}); change it where it comes from, then put the new value in .env.`,
    );
  }
  if (!rotatable(secret)) {
    throw new RotationRefused(
      `${name} is a password kept where it is used, not in a database role data-eng can change (${secret.description}); change it there (${secret.changedWith ?? 'where it is used'}), then put the new value in .env.`,
    );
  }
  if (!current)
    throw new RotationRefused(
      `${name} is not set in .env, so there is nothing to rotate from: set it (python3 scripts/make_env.py fills in what is missing), then run again.`,
    );
  // A one-shot service that copied a password somewhere (airflow-init loads the analytics connection) must run
  // again; keys and tokens it only used while it ran need nothing.
  const oneShot =
    secret.kind === 'password' ? readers.filter((service) => stack.services[service]?.oneShot) : [];
  const rerun =
    oneShot.length > 0
      ? [
          `${oneShot.join(', ')} ran once with the old value: ${command('up')} runs ${oneShot.length === 1 ? 'it' : 'them'} again`,
        ]
      : [];
  if (secret.kind === 'fernet') {
    const keys = (current ?? '').split(',').filter(Boolean);
    if (options.finish) {
      if (keys.length < 2)
        throw new RotationRefused(
          `${name} holds one key: there is no rotation to finish. Start one with ${command(`secrets rotate ${name}`)}.`,
        );
      return { secret, value: keys[0]!, readers, next: [] };
    }
    if (keys.length > 1)
      throw new RotationRefused(
        `${name} already holds a new and an old key: finish that rotation first (airflow rotate-fernet-key in the stack, then ${command(`secrets rotate ${name} --finish`)}).`,
      );
    return {
      secret,
      value: [generateSecret('fernet'), ...keys].join(','),
      readers,
      next: [
        'Re-encrypt connections and variables with the new key: docker compose run --rm airflow-cli airflow rotate-fernet-key',
        `Then drop the old key: ${command(`secrets rotate ${name} --finish`)}`,
      ],
    };
  }
  return {
    secret,
    value: generateSecret(secret.kind),
    ...(secret.role ? { role: secret.role } : {}),
    readers,
    next: [
      ...rerun,
      ...(secret.kind === 'token'
        ? ['Sessions and tokens signed with the old value end: sign in again.']
        : []),
    ],
  };
}
