import '../../cli/catalog.js';
import { DataEngGenerator, type DataEngOptions } from '../../lib/generator/data-eng-generator.js';
import { cliCommand } from '../../lib/console/cli-command.js';
import { OBSERVABILITY } from './constants.js';
import { OBSERVABILITY_OPTIONS, observabilitySettings } from './options.js';

/**
 * `yo data-eng:observability` and `data-eng add observability`: Prometheus with alert rules, Airflow's metrics
 * over StatsD, postgres_exporter and the dashboards (see component.ts).
 */
export default class ObservabilityGenerator extends DataEngGenerator {
  protected readonly owner = OBSERVABILITY;
  protected readonly questions = OBSERVABILITY_OPTIONS;

  constructor(args: string[], options: DataEngOptions) {
    super(args, options, OBSERVABILITY_OPTIONS);
  }

  end(): void {
    const settings = observabilitySettings(this.answers);
    const lines = [
      'Observability is set up. Next:',
      `  1. start it with the stack: ${cliCommand()} up`,
      `  2. Prometheus: http://127.0.0.1:${settings.prometheusPort} (alerts under /alerts)`,
      `  3. a summary in the terminal: ${cliCommand()} status --metrics`,
    ];
    if (settings.grafana) {
      lines.push(
        `  4. Grafana: http://127.0.0.1:${settings.grafanaPort}, user admin, GRAFANA_ADMIN_PASSWORD in .env`,
      );
    }
    this.log(`${lines.join('\n')}\nDetails: docs/observability.md`);
  }
}
