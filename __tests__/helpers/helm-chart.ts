import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';

// The official Apache Airflow Helm chart's values.schema.json, kept as test data.
const SCHEMA = JSON.parse(
  readFileSync(
    fileURLToPath(new URL('../fixtures/airflow-helm-chart-values.schema.json', import.meta.url)),
    'utf8',
  ),
) as Record<string, unknown>;
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats.default(ajv);
const validate = ajv.compile(SCHEMA);

/** What the chart's schema says is wrong with these values: one line per problem, none when they validate. */
export function chartSchemaErrors(values: unknown): string[] {
  return validate(values) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

const isMap = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Helm's `-f base -f overlay`, written here apart from the product's own: maps merge, null deletes. */
export function helmMerge(
  base: Record<string, unknown>,
  overlay: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overlay)) {
    if (value === null) delete out[key];
    else out[key] = isMap(out[key]) && isMap(value) ? helmMerge(out[key], value) : value;
  }
  return out;
}
