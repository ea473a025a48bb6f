import * as z from 'zod/mini';
import { en } from 'zod/locales';
import type { Stack } from './stack.js';

// zod/mini (a fraction of zod's size to load at every command's start) with zod's English messages.
// Each run validates a handful of documents once: compiling zod's fast paths (new Function per
// object schema) costs more than it saves there.
z.config(en());
z.config({ jitless: true });

/** Names that are valid as compose service, volume and DNS names. */
export const NAME_PATTERN = /^[a-z][a-z0-9-]{0,62}$/;
export const ENV_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

const name = z
  .string()
  .check(z.regex(NAME_PATTERN, 'must be lowercase letters, digits and hyphens, starting with a letter'));
const envName = z.string().check(z.regex(ENV_NAME_PATTERN, 'must be a valid environment variable name'));
const envRef = z.object({ ref: envName, fallback: z.optional(z.string()) });
const secretFile = z.object({ secretFile: envName });
const envValue = z.union([
  z.string(),
  envRef,
  secretFile,
  z.object({ parts: z.array(z.union([z.string(), envRef, secretFile])) }),
]);
const duration = z.string().check(z.regex(/^\d+(ms|s|m|h)$/, 'must be a duration such as 10s'));
const nonEmpty = () => z.string().check(z.minLength(1));
const port = () => z.int().check(z.gte(1), z.lte(65535));

const service = z.object({
  name,
  owner: nonEmpty(),
  description: z.optional(z.string()),
  image: z.optional(envValue),
  build: z.optional(z.object({ build: name, target: nonEmpty() })),
  command: z.optional(z.array(z.string())),
  entrypoint: z.optional(z.array(z.string())),
  user: z.optional(envValue),
  environment: z.record(envName, envValue),
  ports: z.array(
    z.object({
      container: port(),
      host: z.union([port(), z.literal('auto')]),
      hostVariable: z.optional(envName),
      hostIp: z.optional(z.string()),
      label: z.optional(z.string()),
      forward: z.optional(z.boolean()),
    }),
  ),
  healthcheck: z.optional(
    z.object({
      test: z.array(z.string()).check(z.minLength(2)),
      interval: z.optional(duration),
      timeout: z.optional(duration),
      retries: z.optional(z.int().check(z.positive())),
      startPeriod: z.optional(duration),
    }),
  ),
  dependsOn: z.record(name, z.enum(['service_started', 'service_healthy', 'service_completed_successfully'])),
  volumes: z.array(
    z.object({
      type: z.enum(['volume', 'bind']),
      source: nonEmpty(),
      target: z.string().check(z.startsWith('/')),
      readOnly: z.optional(z.boolean()),
    }),
  ),
  persistent: z.boolean(),
  labels: z.record(z.string(), z.string()),
  restart: z.optional(z.enum(['no', 'always', 'unless-stopped', 'on-failure'])),
  profiles: z.optional(z.array(name)),
  oneShot: z.optional(z.boolean()),
});

export const STACK_SCHEMA = z.object({
  project: z.object({
    name,
    title: z.string(),
    description: z.string(),
    packageName: z.string().check(z.regex(/^[a-z][a-z0-9_]*$/)),
  }),
  services: z.record(name, service),
  volumes: z.record(name, z.object({ name, owner: z.string(), persistent: z.boolean() })),
  builds: z.record(
    name,
    z.object({
      name,
      owner: z.string(),
      dockerfile: z.string(),
      context: z.string(),
      args: z.record(z.string(), envValue),
      secrets: z.optional(z.record(z.string().check(z.regex(/^[a-z][a-z0-9_]*$/)), envName)),
      stages: z.array(z.string()).check(z.minLength(1)),
    }),
  ),
  secrets: z.record(
    envName,
    z.object({
      name: envName,
      owner: z.string(),
      kind: z.enum(['fernet', 'password', 'token', 'external']),
      description: z.string(),
      role: z.optional(
        z.object({ service: name, role: nonEmpty(), superuser: nonEmpty(), database: nonEmpty() }),
      ),
      changedWith: z.optional(nonEmpty()),
    }),
  ),
  settings: z.record(
    envName,
    z.object({ name: envName, owner: z.string(), value: z.string(), description: z.string() }),
  ),
  devcontainer: z.optional(
    z.object({
      service: name,
      workspaceFolder: z.string(),
      extensions: z.array(z.string()),
      postCreateCommand: z.optional(z.string()),
      remoteUser: z.optional(z.string()),
      settings: z.optional(z.record(z.string(), z.unknown())),
    }),
  ),
});

// What the schema accepts must be a Stack; this fails to compile if the two drift apart.
type SchemaStack = z.infer<typeof STACK_SCHEMA>;
export const SCHEMA_MATCHES_STACK: [SchemaStack] extends [Stack] ? true : false = true;
