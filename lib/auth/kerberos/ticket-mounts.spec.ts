import { describe, expect, it } from 'vitest';
import { ticketMounts } from './ticket-mounts.js';

describe('ticketMounts', () => {
  it('finds the folder mount behind KRB5CCNAME, and flags a mount of the file itself', () => {
    const compose = {
      services: {
        scheduler: {
          environment: { KRB5CCNAME: 'FILE:/opt/airflow/krb5cc/krb5cc' },
          volumes: ['./dags:/opt/airflow/dags', '/tmp/krb5cc_dir:/opt/airflow/krb5cc:ro'],
        },
        worker: {
          environment: ['KRB5CCNAME=FILE:/opt/airflow/krb5cc/krb5cc'],
          volumes: [{ type: 'bind', source: '/tmp/krb5cc_dir/krb5cc', target: '/opt/airflow/krb5cc/krb5cc' }],
        },
        postgres: { environment: { POSTGRES_DB: 'airflow' } },
      },
    };
    const mounts = ticketMounts(compose);
    expect(mounts).toEqual([
      { service: 'scheduler', source: '/tmp/krb5cc_dir', target: '/opt/airflow/krb5cc', isFile: false },
      {
        service: 'worker',
        source: '/tmp/krb5cc_dir/krb5cc',
        target: '/opt/airflow/krb5cc/krb5cc',
        isFile: true,
      },
    ]);
  });
});
