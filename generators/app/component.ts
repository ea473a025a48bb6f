import { definePlugin, secretsDocPath } from '../../lib/plugins/public-api.js';
import type {
  ContributeContext,
  FileContribution,
  PortBinding,
  Stack,
} from '../../lib/plugins/public-api.js';
import { renderTemplate } from '../../lib/render/render-template.js';
import { renderMermaid } from '../../lib/render/render-mermaid.js';
import { suppliedSecrets } from '../../lib/render/render-env.js';
import { commentText, markdownText } from '../../lib/render/escape.js';
import { PRE_COMMIT_HOOKS_VERSION, RUFF_PRE_COMMIT_VERSION } from '../../lib/versions.js';
import { PACKAGE_NAME, PACKAGE_VERSION } from '../../lib/package-info.js';
import { resolveAirflow } from '../airflow/options.js';
import { loginOf } from '../airflow/login.js';
import {
  ADMIN_USER,
  AIRFLOW_SERVICES,
  EXAMPLE_DAG_ID,
  FLOWER_PROFILE,
  LOCAL_OBJECTS_FILE,
  TOOLS_PROFILE,
} from '../airflow/constants.js';
import { CLI_WORKDIR } from '../airflow/services.js';
import { DBT_DIR, DBT_SOURCE, DBT_VENV } from '../dbt/constants.js';
import { readAnswers } from '../../lib/config/read-answers.js';
import { LICENSE_FILE, LICENSE_OPTIONS, renderLicense } from '../../lib/project/license.js';

/** A published port as people type it: the host side, with the .env variable that moves it. */
function hostPort(port: PortBinding): string {
  const host = port.host === 'auto' ? 'a free port' : String(port.host);
  return `${port.hostIp ?? '127.0.0.1'}:${host}${port.hostVariable ? ` (${port.hostVariable} in .env)` : ''}`;
}

function templateData(stack: Stack, context: ContributeContext) {
  const airflow = context.enabled('airflow') ? resolveAirflow(context.config.airflow ?? {}) : undefined;
  const ad = context.settingsOf('windows-auth');
  return {
    project: stack.project,
    services: Object.values(stack.services),
    secrets: Object.values(stack.secrets),
    // What only a person can supply: make_env.py never invents it, and CI passes it from its own secrets.
    supplied: suppliedSecrets(stack),
    settings: Object.values(stack.settings),
    mermaid: renderMermaid(stack),
    airflow,
    login: airflow ? loginOf(airflow, context) : undefined,
    ad: ad && {
      loginAttribute: ad.loginAttribute,
      nestedGroups: ad.nestedGroups,
      adminGroups: ad.roleMapping.filter((entry) => entry.role === 'Admin').map((entry) => entry.group),
    },
    postgres: context.enabled('postgres'),
    windowsAuth: context.enabled('windows-auth'),
    observability: context.enabled('observability'),
    dbt: context.enabled('dbt')
      ? { bin: `${DBT_VENV}/bin/dbt`, project: `${CLI_WORKDIR}/${DBT_DIR}`, source: DBT_SOURCE, dir: DBT_DIR }
      : undefined,
    plugins: { buildCache: context.hasHook('buildCache'), orchestrator: context.hasHook('orchestrate') },
    // npx fetches a version this project's files were made for: the same major (minor, before 1.0).
    cli: { package: PACKAGE_NAME, range: `^${PACKAGE_VERSION}` },
    devcontainer: context.enabled('devcontainer'),
    // Only a project with more than the local stack has a section on its environments.
    environments:
      context.environments.length > 1
        ? context.environments.map((environment) => ({
            name: environment.name,
            target: environment.target,
            secrets:
              environment.target === 'compose'
                ? '`.env`'
                : `${environment.secretsSource}: [${secretsDocPath(environment.secretsSource)}](${secretsDocPath(environment.secretsSource)})`,
          }))
        : [],
    a: {
      ...AIRFLOW_SERVICES,
      admin: ADMIN_USER,
      exampleDag: EXAMPLE_DAG_ID,
      localObjects: LOCAL_OBJECTS_FILE,
    },
    profiles: { flower: FLOWER_PROFILE, tools: TOOLS_PROFILE },
    cliWorkdir: CLI_WORKDIR,
    versions: { ruff: RUFF_PRE_COMMIT_VERSION, preCommitHooks: PRE_COMMIT_HOOKS_VERSION },
    hostPort,
    md: markdownText,
    commentText,
  };
}

/** Template (under templates/) → path in the project. Dotfiles are stored without their dot. */
const FILES: readonly (readonly [string, string, number?])[] = [
  ['gitignore', '.gitignore'],
  ['dockerignore', '.dockerignore'],
  ['README.md.ejs', 'README.md'],
  ['Makefile.ejs', 'Makefile'],
  ['pre-commit-config.yaml', '.pre-commit-config.yaml'],
  ['scripts/make_env.py.ejs', 'scripts/make_env.py'],
];

/**
 * The project itself: the files every generated project has, whatever its parts: git and docker ignore
 * files, the README (with a diagram of the services drawn from the Stack), the Makefile, the pre-commit config.
 */
export default definePlugin({
  name: 'project',
  apiVersion: 1,
  description: 'Project-wide files: README.md, Makefile, .gitignore, .dockerignore, .pre-commit-config.yaml.',
  files(stack, context): FileContribution[] {
    const data = templateData(stack, context);
    const files: FileContribution[] = FILES.map(([template, path, mode]) => ({
      path,
      content: renderTemplate(import.meta.url, template, data),
      ...(mode ? { mode } : {}),
    }));
    const chosen = readAnswers(
      LICENSE_OPTIONS,
      { title: stack.project.title, ...context.config.project },
      'project',
    );
    const license = renderLicense(chosen.license, chosen.copyrightHolder, chosen.copyrightYear);
    if (license !== undefined) files.push({ path: LICENSE_FILE, content: license });
    return files;
  },
});
