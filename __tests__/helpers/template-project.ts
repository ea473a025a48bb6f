import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { REPO_ROOT } from './paths.js';

const BUNDLE = join('shared', 'anchors', 'data-eng-template.bundle');

/** A local clone's origin, when it is a folder on this machine. */
function originOf(dir: string): string | undefined {
  try {
    const url = execFileSync('git', ['-C', dir, 'config', '--get', 'remote.origin.url'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    const path = url.replace(/^file:\/\//, '');
    return isAbsolute(path) && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The git bundle of Troubladore/data-eng-template (test input, never copied into the project): DATA_ENG_TEMPLATE_BUNDLE,
 * else `shared/anchors/` beside this checkout, or beside the checkout it was cloned from (CI runs in a clone of a clone).
 */
export function templateBundle(): string {
  if (process.env.DATA_ENG_TEMPLATE_BUNDLE) return process.env.DATA_ENG_TEMPLATE_BUNDLE;
  const looked: string[] = [];
  let dir: string | undefined = resolve(REPO_ROOT);
  for (let hop = 0; dir && hop < 4; hop++, dir = originOf(dir)) {
    const candidate = join(dirname(dir), BUNDLE);
    looked.push(candidate);
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(
    `The data-eng-template bundle is not at ${looked.join(' or ')}; set DATA_ENG_TEMPLATE_BUNDLE to its path.`,
  );
}

/** git and cookiecutter's post-generation hook commit: an identity that needs no global config. */
export const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Data Team',
  GIT_AUTHOR_EMAIL: 'data-team@example.com',
  GIT_COMMITTER_NAME: 'Data Team',
  GIT_COMMITTER_EMAIL: 'data-team@example.com',
};

/**
 * Generate a project from one branch of the template with the real `cookiecutter --no-input`, as its users did; its
 * post-generation hook makes the first commit. On `win_auth` two scripts do not render (their `docker ps --format
 * "{{.Names}}"` is read as a Jinja expression): `fixWinAuth` wraps those two files in `{% raw %}`, changing nothing else.
 */
export function generateTemplateProject(branch: string, root: string, fixWinAuth = false): string {
  const template = join(root, `template-${branch}`);
  execFileSync('git', ['clone', '--quiet', '--branch', branch, templateBundle(), template], {
    stdio: 'pipe',
  });
  if (fixWinAuth) {
    for (const script of ['validate-dcm-cleanup.sh', 'uninstall-dcm.sh']) {
      const path = join(template, '{{cookiecutter.repo_slug}}', 'scripts', script);
      writeFileSync(path, `{% raw %}${readFileSync(path, 'utf8')}{% endraw %}`);
    }
  }
  const out = join(root, `out-${branch}`);
  execFileSync('cookiecutter', ['--no-input', '--output-dir', out, template], {
    stdio: 'pipe',
    env: GIT_ENV,
    timeout: 180_000,
  });
  const [project] = readdirSync(out);
  if (!project) throw new Error(`cookiecutter wrote nothing into ${out}`);
  return join(out, project);
}

/** Run git in a folder, with the test identity. */
export function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-C', dir, ...args], {
    encoding: 'utf8',
    env: GIT_ENV,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Make the folder a git repository with everything in it committed, as a team's project is before adoption. */
export function commitAll(dir: string): void {
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'template');
}

/** Whether git would ignore a path of the repository (it need not exist). */
export function gitIgnores(dir: string, path: string): boolean {
  try {
    git(dir, 'check-ignore', '--no-index', '-q', path);
    return true;
  } catch {
    return false;
  }
}

/** The Fernet key the synthetic template project writes as a literal. */
export const SYNTHETIC_FERNET = 'CYHNx5rPn9ZJHUwYeo7R-s90FSNxtmTfX6vlO7PFJNU=';

/** A small project shaped like one data-eng-template makes (the integration test uses the real template). */
export function syntheticTemplateProject(files: Record<string, string> = {}): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'adopt-plan-')), 'sales-pipeline');
  const all: Record<string, string> = {
    '.devcontainer/compose.yaml': [
      'services:',
      '  postgres:',
      '    image: postgres:${POSTGRES_VERSION:-15}',
      '    environment: { POSTGRES_USER: airflow, POSTGRES_PASSWORD: "wh0-kn0ws", POSTGRES_DB: airflow }',
      '  airflow-scheduler:',
      '    image: apache/airflow:3.0.6-python3.12',
      `    environment: { AIRFLOW__CORE__EXECUTOR: LocalExecutor, AIRFLOW__CORE__FERNET_KEY: "${SYNTHETIC_FERNET}" }`,
      '',
    ].join('\n'),
    '.devcontainer/.env': 'POSTGRES_VERSION=17\n',
    'conf/config.yaml':
      'defaults:\n  - database: local\n  - _self_\nproject:\n  slug: sales-pipeline\n  name: Sales Pipeline\n',
    'conf/database/local.yaml': 'host: postgres\nname: sales\nuser: postgres\npassword: "postgres"\n',
    'dags/sales.py': 'from airflow.sdk import DAG\n',
    Makefile: 'up:\n\tpodman compose up\n',
    ...files,
  };
  for (const [path, text] of Object.entries(all)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}
