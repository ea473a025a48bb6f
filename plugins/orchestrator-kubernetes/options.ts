import type { OptionSpec } from '../../lib/plugins/public-api.js';
import { REMOTE_LOG_FOLDER, TASK_LOG_STORES } from '../../lib/plugins/public-api.js';

/** The questions of orchestrator-kubernetes; every one has a flag and a default. */
export const KUBERNETES_OPTIONS = [
  {
    name: 'executor',
    flag: 'k8s-executor',
    type: 'string',
    description:
      'Executor in the cluster: auto (CeleryExecutor stays Celery, LocalExecutor becomes KubernetesExecutor), CeleryExecutor or KubernetesExecutor',
    default: 'auto',
    choices: ['auto', 'CeleryExecutor', 'KubernetesExecutor'],
  },
  {
    name: 'database',
    flag: 'k8s-database',
    type: 'string',
    description:
      "Metadata database: external (a managed PostgreSQL, reached through a Secret) or chart (the chart's own PostgreSQL)",
    default: 'external',
    choices: ['external', 'chart'],
  },
  {
    name: 'registry',
    flag: 'k8s-registry',
    type: 'string',
    description:
      "Registry the cluster pulls the project's images from, e.g. registry.corp.example.com/data; empty uses the build cache's registry",
    default: '',
  },
  {
    name: 'imageTag',
    flag: 'k8s-image-tag',
    type: 'string',
    description:
      'Tag of the Airflow image to deploy, e.g. the build key tag runtime-<key12>; empty deploys the moving "runtime" tag',
    default: '',
    pattern: /^$|^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/,
    patternHint: 'use a Docker tag: letters, digits, _ . -',
  },
  {
    name: 'logs',
    flag: 'k8s-logs',
    type: 'string',
    description:
      "Where KubernetesExecutor task logs outlive their tasks: persistence (the chart's ReadWriteMany volume), remote (object storage) or pods (finished pods are kept and their logs read from them; for a local cluster, whose storage cannot be shared between pods). Default: pods without a registry, persistence with one",
    default: (answers) => (answers.registry ? 'persistence' : 'pods'),
    choices: TASK_LOG_STORES,
  },
  {
    name: 'remoteLogFolder',
    flag: 'k8s-remote-log-folder',
    type: 'string',
    description:
      'With remote logs: the folder in object storage, e.g. s3://bucket/airflow/logs, gs://bucket/logs or wasb://container@account.blob.core.windows.net/logs',
    default: '',
    pattern: REMOTE_LOG_FOLDER,
    patternHint: 'use an object-storage URL such as s3://bucket/airflow/logs',
    when: (answers) => answers.logs === 'remote',
    validate: (value, answers) =>
      answers.logs === 'remote' && !value
        ? 'remote logs need a folder: pass --k8s-remote-log-folder, e.g. s3://bucket/airflow/logs'
        : undefined,
  },
] as const satisfies readonly OptionSpec[];
