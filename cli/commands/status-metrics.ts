import { join } from 'node:path';
import { printResult } from '../../lib/console/progress.js';
import { readDotenv } from '../../lib/config/dotenv.js';
import { openProject } from '../../lib/project/open-project.js';
import {
  formatMetricsSummary,
  PrometheusError,
  readMetricsSummary,
} from '../../lib/observability/metrics-summary.js';
import { CliError, EXIT } from '../exit-codes.js';
import '../catalog.js';

/**
 * `data-eng status --metrics [--json]`: the scheduler's heartbeat age, running and queued tasks, recent failures,
 * import errors and PostgreSQL connections, read from the project's Prometheus (the observability part).
 */
export async function statusMetrics(options: { json?: boolean }): Promise<void> {
  const project = await openProject(process.cwd());
  const settings = project.settingsOf('observability') as { prometheusPort: number } | undefined;
  if (settings === undefined) {
    throw new CliError(
      'This project has no metrics to show: add Prometheus and the metrics path with data-eng add observability.',
      EXIT.USAGE,
    );
  }
  const env = await readDotenv(join(project.dir, '.env')).catch(() => ({}) as Record<string, string>);
  // As compose reads it: the shell's variable first, then .env, then the answer.
  const port = process.env.PROMETHEUS_PORT || env.PROMETHEUS_PORT || String(settings.prometheusPort);
  try {
    const summary = await readMetricsSummary(`http://127.0.0.1:${port}`);
    printResult({ json: Boolean(options.json) }, { metrics: summary }, () => formatMetricsSummary(summary));
  } catch (error) {
    if (error instanceof PrometheusError) {
      throw new CliError(
        `${error.message}; start the stack with data-eng up, then ask again.`,
        EXIT.ENVIRONMENT,
      );
    }
    throw error;
  }
}
