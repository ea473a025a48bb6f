import { describe, expect, it } from 'vitest';
import { connectionBudget } from './airflow.js';

describe('connectionBudget', () => {
  it('one replica of each fits the default PostgreSQL limit directly', () => {
    // A scheduler, an API server worker, a triggerer and the DAG processor, 15 connections each.
    expect(connectionBudget(1, 100, false)).toEqual({ processes: 4, clients: 60, available: 97 });
  });

  it('refuses, with the numbers and the fixes, more pods than PostgreSQL accepts without PgBouncer', () => {
    const budget = connectionBudget(3, 100, false);
    expect(budget.clients).toBe(150);
    expect(budget.problem).toBe(
      '10 Airflow processes × 15 connections = 150, more than the 97 PostgreSQL accepts (max_connections 100 less 3 reserved); put PgBouncer in front (--pgbouncer), lower --replicas, or raise max_connections and --database-max-connections',
    );
    expect(connectionBudget(3, 200, false).problem).toBeUndefined();
  });

  it('with PgBouncer, sizes its server pool to fit beside the result backend, or refuses a limit too small', () => {
    expect(connectionBudget(3, 100, true)).toEqual({
      processes: 10,
      clients: 150,
      available: 97,
      serverPool: 92,
    });
    expect(connectionBudget(1, 20, true).problem).toContain(
      'PgBouncer needs at least 20 server connections, and PostgreSQL accepts 17',
    );
  });
});
