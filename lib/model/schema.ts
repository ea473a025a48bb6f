import { z } from 'zod';
import type { Stack } from './stack.js';

// Each CLI run validates a handful of documents once: compiling zod's fast paths (new Function per
// object schema) costs more than it saves there.
z.config({ jitless: true });

/** Names that are valid as compose service, volume and DNS names. */
export const NAME_PATTERN = /^[a-z][a-z0-9-]{0,62}$/;
export const ENV_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

const name = z
  .string()
  .regex(NAME_PATTERN, 'must be lowercase letters, digits and hyphens, starting with a letter');
const envName = z.string().regex(ENV_NAME_PATTERN, 'must be a valid environment variable name');
const envRef = z.object({ ref: envName, fallback: z.string().optional() });
const envValue = z.union([z.string(), envRef, z.object({ parts: z.array(z.union([z.string(), envRef])) })]);
const duration = z.string().regex(/^\d+(ms|s|m|h)$/, 'must be a duration such as 10s');

const service = z.object({
  name,
  owner: z.string().min(1),
  description: z.string().optional(),
  image: envValue.optional(),
  build: z.object({ build: name, target: z.string().min(1) }).optional(),
  command: z.array(z.string()).optional(),
  entrypoint: z.array(z.string()).optional(),
  user: envValue.optional(),
  environment: z.record(envName, envValue),
  ports: z.array(
    z.object({
      container: z.number().int().min(1).max(65535),
      host: z.union([z.number().int().min(1).max(65535), z.literal('auto')]),
      hostVariable: envName.optional(),
      hostIp: z.string().optional(),
      label: z.string().optional(),
      forward: z.boolean().optional(),
    }),
  ),
  healthcheck: z
    .object({
      test: z.array(z.string()).min(2),
      interval: duration.optional(),
      timeout: duration.optional(),
      retries: z.number().int().positive().optional(),
      startPeriod: duration.optional(),
    })
    .optional(),
  dependsOn: z.record(name, z.enum(['service_started', 'service_healthy', 'service_completed_successfully'])),
  volumes: z.array(
    z.object({
      type: z.enum(['volume', 'bind']),
      source: z.string().min(1),
      target: z.string().startsWith('/'),
      readOnly: z.boolean().optional(),
    }),
  ),
  persistent: z.boolean(),
  labels: z.record(z.string(), z.string()),
  restart: z.enum(['no', 'always', 'unless-stopped', 'on-failure']).optional(),
  profiles: z.array(name).optional(),
  oneShot: z.boolean().optional(),
});

export const STACK_SCHEMA = z.object({
  project: z.object({
    name,
    title: z.string(),
    description: z.string(),
    packageName: z.string().regex(/^[a-z][a-z0-9_]*$/),
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
      stages: z.array(z.string()).min(1),
    }),
  ),
  secrets: z.record(
    envName,
    z.object({
      name: envName,
      owner: z.string(),
      kind: z.enum(['fernet', 'password', 'token', 'external']),
      description: z.string(),
    }),
  ),
  settings: z.record(
    envName,
    z.object({ name: envName, owner: z.string(), value: z.string(), description: z.string() }),
  ),
  devcontainer: z
    .object({
      service: name,
      workspaceFolder: z.string(),
      extensions: z.array(z.string()),
      postCreateCommand: z.string().optional(),
      remoteUser: z.string().optional(),
    })
    .optional(),
});

// What the schema accepts must be a Stack; this fails to compile if the two drift apart.
type SchemaStack = z.infer<typeof STACK_SCHEMA>;
export const SCHEMA_MATCHES_STACK: [SchemaStack] extends [Stack] ? true : false = true;
