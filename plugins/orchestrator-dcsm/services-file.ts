import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { z } from 'zod';
import type { Stack } from '../../lib/plugins/public-api.js';
import { renderServices, SERVICES_FILE } from './render-services.js';

const strings = z.array(z.string());

const serviceSchema = z.object({
  template: z.string().optional(),
  description: z.string().optional(),
  image: z.string().optional(),
  build: z
    .object({
      image: z.string(),
      dockerfile: z.string().optional(),
      context: z.string().optional(),
      target: z.string().optional(),
    })
    .passthrough()
    .optional(),
  depends_on: strings.default([]),
  persistent: z.boolean().default(true),
  health_check: z.boolean().default(false),
  healthcheck: z
    .object({
      test: strings,
      interval: z.string().optional(),
      timeout: z.string().optional(),
      retries: z.number().int().optional(),
      start_period: z.string().optional(),
    })
    .optional(),
  one_shot: z.boolean().default(false),
  profiles: strings.default([]),
  ports: z.array(z.union([z.string(), z.number()])).default([]),
  entrypoint: strings.optional(),
  command: strings.optional(),
  user: z.string().optional(),
  environment: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
  volumes: strings.default([]),
  restart: z.enum(['no', 'always', 'unless-stopped', 'on-failure']).optional(),
  labels: z.record(z.string(), z.string()).default({}),
});

const fileSchema = z.object({
  namespace: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'must be letters, digits, _ . -'),
  port_range: z.unknown().optional(),
  services: z.record(z.string(), serviceSchema),
  volumes: z.record(z.string(), z.object({ persistent: z.boolean().default(true) })).default({}),
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
