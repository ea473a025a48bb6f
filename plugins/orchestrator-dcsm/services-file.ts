import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import * as z from 'zod/mini';
import { en } from 'zod/locales';
import type { Stack } from '../../lib/plugins/public-api.js';
import { renderServices, SERVICES_FILE } from './render-services.js';

// zod's English messages (zod/mini loads none by default).
z.config(en());

const strings = z.array(z.string());
const optionalString = () => z.optional(z.string());
const withDefault = z._default;

const serviceSchema = z.object({
  template: optionalString(),
  description: optionalString(),
  image: optionalString(),
  build: z.optional(
    z.looseObject({
      image: z.string(),
      dockerfile: optionalString(),
      context: optionalString(),
      target: optionalString(),
    }),
  ),
  depends_on: withDefault(strings, []),
  persistent: withDefault(z.boolean(), true),
  health_check: withDefault(z.boolean(), false),
  healthcheck: z.optional(
    z.object({
      test: strings,
      interval: optionalString(),
      timeout: optionalString(),
      retries: z.optional(z.int()),
      start_period: optionalString(),
    }),
  ),
  one_shot: withDefault(z.boolean(), false),
  profiles: withDefault(strings, []),
  ports: withDefault(z.array(z.union([z.string(), z.number()])), []),
  entrypoint: z.optional(strings),
  command: z.optional(strings),
  user: optionalString(),
  environment: withDefault(z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])), {}),
  volumes: withDefault(strings, []),
  restart: z.optional(z.enum(['no', 'always', 'unless-stopped', 'on-failure'])),
  labels: withDefault(z.record(z.string(), z.string()), {}),
  /** Secret files: id (the file under /run/secrets) to the .env variable that holds the value. */
  secrets: withDefault(
    z.record(
      z.string().check(z.regex(/^[a-z_][a-z0-9_]*$/, 'must be lowercase letters, digits and _')),
      z.string().check(z.regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name')),
    ),
    {},
  ),
});

const fileSchema = z.object({
  namespace: z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'must be letters, digits, _ . -')),
  port_range: z.optional(z.unknown()),
  services: z.record(z.string(), serviceSchema),
  volumes: withDefault(z.record(z.string(), z.object({ persistent: withDefault(z.boolean(), true) })), {}),
});

/** One service of services.yaml, before its `${...}` references are resolved. */
export type ServiceEntry = z.infer<typeof serviceSchema>;
export type ServicesFile = z.infer<typeof fileSchema>;

/** Check a parsed services.yaml; the error names the key and what it must be. */
export function checkServicesFile(raw: unknown, source: string): ServicesFile {
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(
      `${source} is not a valid services file at ${issue.path.join('.') || 'the top level'}: ${issue.message}; fix it, or delete it and run data-eng plugins add orchestrator-dcsm again to re-render it.`,
    );
  }
  return parsed.data;
}

/** The project's services.yaml (the user's edits included), or the Stack's rendering when there is none yet. */
export async function readServicesFile(projectDir: string, stack: Stack): Promise<ServicesFile> {
  const path = join(projectDir, SERVICES_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    text = stringify(renderServices(stack));
  }
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new Error(`${path} is not valid YAML (${reason}); fix it and run again.`);
  }
  return checkServicesFile(raw, path);
}
