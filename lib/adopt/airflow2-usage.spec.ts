import { expect, it } from 'vitest';
import { findAirflow2Uses } from './airflow2-usage.js';

it('finds the Airflow 2-only spellings line by line, and not in comments', () => {
  const dag = [
    'from airflow.operators.dummy import DummyOperator',
    '# schedule_interval="@daily" was the old way',
    'with DAG("d", schedule_interval="@daily", start_date=days_ago(1)):',
    '    t = PythonOperator(task_id="t", python_callable=f, provide_context=True)',
    '    run = "{{ execution_date }}"',
  ].join('\n');
  const uses = findAirflow2Uses('dags/d.py', dag).map((use) => `${use.line}: ${use.what.split(' ')[0]}`);
  expect(uses).toEqual([
    '1: DummyOperator',
    '3: schedule_interval=',
    '3: days_ago',
    '4: provide_context=',
    '5: execution_date',
  ]);
  expect(
    findAirflow2Uses('dags/ok.py', 'from airflow.sdk import DAG\nwith DAG("d", schedule="@daily"):\n  pass'),
  ).toEqual([]);
});
