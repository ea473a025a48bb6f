/** What the chart runs tasks with, and a sentence saying why when it differs from the compose stack's. */
export interface ResolvedExecutor {
  readonly executor: 'CeleryExecutor' | 'KubernetesExecutor';
  readonly note?: string;
}

/**
 * The executor for the cluster. `auto` keeps Celery, and turns LocalExecutor (tasks as processes of the one
 * scheduler) into KubernetesExecutor: each task its own pod, still no broker or workers to run, but no longer
 * bound to one machine's CPU and memory.
 */
export function resolveExecutor(choice: unknown, composeExecutor: unknown): ResolvedExecutor {
  if (choice === 'CeleryExecutor' || choice === 'KubernetesExecutor') return { executor: choice };
  if (composeExecutor === 'CeleryExecutor') return { executor: 'CeleryExecutor' };
  return {
    executor: 'KubernetesExecutor',
    note: `The compose stack runs ${String(composeExecutor ?? 'LocalExecutor')}; in the cluster each task gets its own pod (KubernetesExecutor), so no broker or workers are needed. Set orchestrator-kubernetes.executor to CeleryExecutor for long-running workers instead.`,
  };
}
