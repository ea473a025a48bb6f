import type { OptionSpec } from '../../lib/plugins/option-spec.js';
import { readAnswers } from '../../lib/config/read-answers.js';
import { MAX_SCRAPE_SECONDS } from '../../lib/observability/metric-queries.js';

/** The questions of `yo data-eng:observability`, in the order they are asked. */
export const OBSERVABILITY_OPTIONS = [
  {
    name: 'prometheusPort',
    flag: 'prometheus-port',
    type: 'number',
    description: 'Host port for Prometheus, bound to 127.0.0.1',
    default: 9090,
    min: 1024,
    max: 65535,
    hostPort: true,
  },
  {
    name: 'scrapeInterval',
    flag: 'scrape-interval',
    type: 'string',
    description: 'How often Prometheus scrapes and evaluates the alert rules',
    default: '15s',
    pattern: /^[1-9]\d*s$/,
    patternHint: 'use seconds, e.g. 15s',
    // The alert rules and status --metrics look back 1 to 2 minutes and need two scrapes in that time.
    validate: (value) =>
      Number.parseInt(String(value), 10) > MAX_SCRAPE_SECONDS
        ? `use at most ${MAX_SCRAPE_SECONDS}s: the alert rules and status --metrics need two scrapes a minute`
        : undefined,
  },
  {
    name: 'taskFailuresPerHour',
    flag: 'alert-task-failures',
    type: 'number',
    description: 'Task failures in one hour above which the AirflowTaskFailures alert fires',
    default: 5,
    min: 0,
    max: 100000,
  },
  {
    name: 'grafana',
    flag: 'grafana',
    type: 'boolean',
    description:
      'Add Grafana with the dashboards provisioned (its image comes from Docker Hub or your registry)',
    default: false,
  },
  {
    name: 'grafanaPort',
    flag: 'grafana-port',
    type: 'number',
    description: 'Host port for Grafana, bound to 127.0.0.1',
    default: 3000,
    min: 1024,
    max: 65535,
    hostPort: true,
    when: (answers) => answers.grafana === true,
  },
] as const satisfies readonly OptionSpec[];

/** The observability answers, typed from the table with its defaults filled in. */
export const observabilitySettings = (answers: Readonly<Record<string, unknown>>) =>
  readAnswers(OBSERVABILITY_OPTIONS, answers, 'observability');

/** What observability needs: Airflow sends the metrics, PostgreSQL is scraped. */
export const OBSERVABILITY_REQUIRES: readonly string[] = ['airflow', 'postgres'];
