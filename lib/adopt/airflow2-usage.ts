/** A use of an Airflow 2 API that Airflow 3 removed or moved, found in a DAG file. */
export interface Airflow2Use {
  readonly path: string;
  readonly line: number;
  readonly what: string;
  readonly fix: string;
}

/**
 * The Airflow 2 spellings most DAGs of that era use and Airflow 3 no longer accepts, each with its fix. The full
 * list is ruff's AIR rules (AIR301 removed, AIR302 moved to a provider), which the report names.
 */
const AIRFLOW2_ONLY: readonly { readonly pattern: RegExp; readonly what: string; readonly fix: string }[] = [
  {
    pattern: /\bschedule_interval\s*=/,
    what: 'schedule_interval= (removed in Airflow 3)',
    fix: 'write schedule= instead',
  },
  {
    pattern: /\bdays_ago\b/,
    what: 'days_ago (removed)',
    fix: 'use a fixed start_date, e.g. pendulum.datetime(2025, 1, 1, tz="UTC")',
  },
  {
    pattern: /\bairflow\.operators\.(dummy|dummy_operator)\b|\bDummyOperator\b/,
    what: 'DummyOperator (removed)',
    fix: 'use EmptyOperator from airflow.providers.standard.operators.empty',
  },
  {
    pattern: /\bairflow\.contrib\b/,
    what: 'airflow.contrib (removed)',
    fix: "import from the provider's package",
  },
  { pattern: /\bSubDagOperator\b/, what: 'SubDagOperator (removed)', fix: 'use TaskGroups' },
  {
    pattern: /\bprovide_context\s*=/,
    what: 'provide_context= (removed)',
    fix: 'drop it: the context is passed to callables that take **context',
  },
  {
    pattern: /\bexecution_date\b|\{\{\s*(next_ds|prev_ds|tomorrow_ds|yesterday_ds)\b/,
    what: 'execution_date and the *_ds context keys (removed)',
    fix: 'use logical_date, data_interval_start or data_interval_end',
  },
  {
    pattern:
      /\bfrom airflow\.operators\.(python|bash|empty|trigger_dagrun)\b|\bfrom airflow\.sensors\.(filesystem|time_delta|external_task)\b/,
    what: 'an operator that moved to the standard provider (still imported with a deprecation warning in Airflow 3.0)',
    fix: 'import it from airflow.providers.standard (e.g. airflow.providers.standard.operators.python)',
  },
  {
    pattern: /\bfrom airflow\.models\.dag import DAG\b|\bfrom airflow\.decorators import\b/,
    what: 'the Airflow 2 authoring imports (deprecated in Airflow 3)',
    fix: 'import DAG and the decorators from airflow.sdk',
  },
];

/** Every Airflow 2-only use in one DAG file's text, line by line. */
export function findAirflow2Uses(path: string, text: string): Airflow2Use[] {
  const uses: Airflow2Use[] = [];
  text.split('\n').forEach((line, index) => {
    if (/^\s*#/.test(line)) return;
    for (const rule of AIRFLOW2_ONLY) {
      if (rule.pattern.test(line)) uses.push({ path, line: index + 1, what: rule.what, fix: rule.fix });
    }
  });
  return uses;
}
