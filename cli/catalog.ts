/**
 * The package's composition root: the one module that names every built-in part and plugin. Importing it
 * registers them with lib/'s catalog; each entry point (cli/main.ts, every generators/<name>/index.ts,
 * cli/testing.ts and the answers-doc entry) imports it first.
 */
import { registerCatalog } from '../lib/project/catalog.js';
import { APP_OPTIONS, PART_QUESTIONS } from '../generators/app/options.js';

registerCatalog({
  components: {
    project: () => import('../generators/app/component.js'),
    postgres: () => import('../generators/postgres/component.js'),
    airflow: () => import('../generators/airflow/component.js'),
    devcontainer: () => import('../generators/devcontainer/component.js'),
    'windows-auth': () => import('../generators/windows-auth/component.js'),
    observability: () => import('../generators/observability/component.js'),
    dbt: () => import('../generators/dbt/component.js'),
  },
  partQuestions: PART_QUESTIONS,
  appQuestions: APP_OPTIONS,
  plugins: {
    'build-cache': () => import('../plugins/build-cache/index.js'),
    'orchestrator-compose': () => import('../plugins/orchestrator-compose/index.js'),
    'orchestrator-dcsm': () => import('../plugins/orchestrator-dcsm/index.js'),
    'orchestrator-kubernetes': () => import('../plugins/orchestrator-kubernetes/index.js'),
  },
});
