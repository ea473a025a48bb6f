import { definePlugin, readAnswers } from '../../lib/plugins/public-api.js';
import { renderTemplate } from '../../lib/render/render-template.js';
import { AIRFLOW_BUILD, AIRFLOW_DEV_TARGET } from '../airflow/constants.js';
import { CLI_WORKDIR, workspaceEnvironment } from '../airflow/services.js';
import { DEVCONTAINER_EXTENSIONS, DEVCONTAINER_OPTIONS, DEVCONTAINER_REQUIRES } from './options.js';
import { DBT, DBT_VSCODE_EXTENSION, DBT_VSCODE_SETTINGS } from '../dbt/constants.js';

export const WORKSPACE_SERVICE = 'workspace';
export const WORKSPACE_FOLDER = CLI_WORKDIR;
/**
 * Keeps the workspace running. The Airflow image's entrypoint runs `bash …` and `python …` as given and turns
 * any other command into `airflow <command>`, so the command starts with bash; it ends at once on stop.
 */
export const WORKSPACE_COMMAND = ['bash', '-c', 'trap "exit 0" TERM INT; sleep infinity & wait'];

/**
 * A VS Code dev container attached to the compose stack: a `workspace` service built from the
 * `development` stage, kept in the `dev` profile so `data-eng up` does not start it.
 */
export default definePlugin({
  name: 'devcontainer',
  apiVersion: 1,
  description: 'VS Code dev container on the compose stack, built from the development stage.',
  requires: DEVCONTAINER_REQUIRES,
  options: DEVCONTAINER_OPTIONS,
  contribute(stack, context) {
    const answers = readAnswers(DEVCONTAINER_OPTIONS, context.answers, 'devcontainer');
    const airflow = stack.getService('airflow-scheduler');
    stack.addService({
      name: WORKSPACE_SERVICE,
      description: 'Where VS Code runs: the development image with the project mounted',
      build: { build: AIRFLOW_BUILD, target: AIRFLOW_DEV_TARGET },
      command: WORKSPACE_COMMAND,
      ...(airflow?.user ? { user: airflow.user } : {}),
      environment: { ...(airflow?.environment ?? {}), ...workspaceEnvironment() },
      volumes: [{ type: 'bind', source: '.', target: WORKSPACE_FOLDER }],
      dependsOn: { postgres: 'service_healthy' },
      profiles: ['dev'],
    });
    // With dbt, its extension, pointed at the image's dbt environment (the dbt part sets the workspace's DBT_*).
    const dbt = context.enabled(DBT);
    stack.setDevContainer({
      service: WORKSPACE_SERVICE,
      workspaceFolder: WORKSPACE_FOLDER,
      extensions: [
        ...DEVCONTAINER_EXTENSIONS,
        ...(dbt ? [DBT_VSCODE_EXTENSION] : []),
        ...answers.extraExtensions.filter((id) => !(dbt && id === DBT_VSCODE_EXTENSION)),
      ],
      postCreateCommand: 'bash .devcontainer/post-create.sh',
      ...(dbt ? { settings: DBT_VSCODE_SETTINGS } : {}),
    });
  },
  files(_stack, context) {
    return [
      {
        path: '.devcontainer/post-create.sh',
        content: renderTemplate(import.meta.url, 'post-create.sh.ejs', { dbt: context.enabled(DBT) }),
        mode: 0o755,
      },
    ];
  },
});
