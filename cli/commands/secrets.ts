import { parseDotenv } from '../../lib/config/dotenv.js';
import { cliCommand } from '../../lib/console/cli-command.js';
import { createLogger, createProgress, printResult } from '../../lib/console/progress.js';
import { projectPath, readProjectFile } from '../../lib/fs/project-paths.js';
import { writeAtomically } from '../../lib/fs/write-atomically.js';
import { runHooks } from '../../lib/plugins/run-hooks.js';
import { openProject, type OpenProject } from '../../lib/project/open-project.js';
import { buildStack, contributeContext } from '../../lib/project/build-stack.js';
import type { Environment } from '../../lib/project/environments.js';
import { environmentsOf, localEnvironment } from '../../lib/project/environments.js';
import type { EnvironmentSecret } from '../../lib/plugins/public-api.js';
import { formatTable } from '../../lib/plugins/public-api.js';
import { environmentNamed } from './env.js';
import { setEnvValue } from '../../lib/render/render-env.js';
import {
  planRotation,
  recreatedNotes,
  rotatable,
  RotationRefused,
  secretReaders,
} from '../../lib/secrets/plan-rotation.js';

const COMPOSE = 'orchestrator-compose';
import { CliError, EXIT } from '../exit-codes.js';
import '../catalog.js';

/** The secrets one environment that is not the local stack reads, as the plugins that deploy it declare them. */
function environmentSecrets(project: OpenProject, environment: Environment): EnvironmentSecret[] {
  const stack = buildStack(project.config, project.contributors, environment);
  return project.contributors.flatMap(
    (c) =>
      c.definition.environmentSecrets?.(
        stack,
        contributeContext(project.config, project.contributors, c.answers, environment),
      ) ?? [],
  );
}

/**
 * `data-eng secrets ls [--env E] [--json]`: every secret of the project by name, and where it comes from in each
 * environment: the local stack's from .env (who owns it, whether .env sets it, which services read it as a
 * file), a cluster's from the Kubernetes Secrets its source makes. Never a value.
 */
export async function listSecrets(options: { json?: boolean; env?: string }): Promise<void> {
  const project = await openProject(process.cwd());
  const environments = environmentsOf(project.config);
  const local = localEnvironment(environments);
  const chosen = options.env === undefined ? environments : [environmentNamed(environments, options.env)];
  const text = await readProjectFile(project.dir, '.env');
  const env = text === undefined ? {} : parseDotenv(text);
  const secrets = chosen.includes(local)
    ? Object.values(project.stack.secrets).map((secret) => ({
        name: secret.name,
        owner: secret.owner,
        kind: secret.kind,
        description: secret.description,
        source: '.env',
        set: Boolean(env[secret.name]),
        readBy: secretReaders(project.stack, secret.name),
        rotate: rotatable(secret) ? 'data-eng' : 'by hand',
      }))
    : [];
  const others = chosen
    .filter((environment) => environment !== local)
    .map((environment) => ({
      name: environment.name,
      target: environment.target,
      secrets: environmentSecrets(project, environment),
    }));
  // The same shape with or without --env: the local stack's secrets (none when another was asked for), then the others'.
  const result = { environment: local.name, secrets, environments: others };
  printResult({ json: Boolean(options.json) }, result, () => {
    const lines: string[] = [];
    if (chosen.includes(local)) {
      if (others.length > 0) lines.push(`${local.name} (${local.target}): from .env`);
      lines.push(
        formatTable([
          ['NAME', 'OWNER', 'KIND', 'SET', 'SOURCE', 'ROTATE', 'READ BY'],
          ...secrets.map((s) => [
            s.name,
            s.owner,
            s.kind,
            s.set ? 'yes' : 'NO',
            s.source,
            s.rotate,
            s.readBy.join(', ') || '-',
          ]),
        ]),
        '',
        `Values stay in .env. ${cliCommand()} secrets rotate NAME changes one.`,
      );
    }
    for (const other of others) {
      if (lines.length > 0) lines.push('');
      lines.push(
        `${other.name} (${other.target}): Kubernetes Secrets, made in the cluster (whether they are set is the cluster's to say)`,
        formatTable([
          ['NAME', 'KEYS', 'SOURCE', 'LIKE', 'HOLDS'],
          ...other.secrets.map((s) => [s.name, s.keys.join(','), s.source, s.sameAs ?? '-', s.holds]),
        ]),
      );
    }
    return lines.join('\n');
  });
}

/** Run one orchestrate action of the compose orchestrator for the rotation. */
async function orchestrate(
  project: OpenProject,
  action: string,
  options: Record<string, unknown>,
  json: boolean,
): Promise<Record<string, unknown>> {
  const runners = project.contributors.filter((c) => c.definition.name === COMPOSE);
  const results = await runHooks(
    {
      projectDir: project.dir,
      stack: project.stack,
      contributors: runners,
      options: { ...options, action, json },
      logger: createLogger({ json }),
      progress: await createProgress({ json }),
    },
    ['orchestrate'],
  );
  return Object.assign({}, ...results.map((result) => result.report)) as Record<string, unknown>;
}

/**
 * `data-eng secrets rotate NAME [--finish]`: a new value for one secret, in the order that locks nobody out: the
 * role's password in the running database first, then .env, then the running services that read it recreated.
 */
export async function rotateSecret(
  name: string,
  options: { finish?: boolean; json?: boolean },
): Promise<void> {
  const json = Boolean(options.json);
  const project = await openProject(process.cwd());
  const envPath = projectPath(project.dir, '.env');
  const text = await readProjectFile(project.dir, '.env');
  if (text === undefined)
    throw new CliError(
      `This project has no .env, so there is no secret to rotate; python3 scripts/make_env.py writes one.`,
      EXIT.USAGE,
    );
  const env = parseDotenv(text);
  let plan;
  try {
    plan = planRotation(project.stack, name, env[name], {
      finish: Boolean(options.finish),
      cliCommand: (args) => `${cliCommand()} ${args}`,
    });
  } catch (error) {
    if (error instanceof RotationRefused) throw new CliError(error.message, EXIT.USAGE);
    throw error;
  }
  // The running steps go through compose; another orchestrator (the DCSM runner) cannot do them yet.
  const orchestrators = project.contributors.filter((c) => c.definition.hooks?.orchestrate);
  const composeRuns = orchestrators.some((c) => c.definition.name === COMPOSE);
  if (!composeRuns && (plan.role || plan.readers.length > 0)) {
    const other = orchestrators.map((c) => c.definition.name).join(', ');
    throw new CliError(
      other
        ? `Rotating ${name} changes the running stack, which data-eng secrets rotate does through ${COMPOSE}, and this project runs ${other}. Nothing was changed; change it by hand: the role with ALTER ROLE, then .env, then restart what reads it.`
        : `Rotating ${name} changes the running stack, which data-eng secrets rotate does through ${COMPOSE}: enable it with ${cliCommand()} plugins add ${COMPOSE}. Nothing was changed.`,
      EXIT.USAGE,
    );
  }
  // The new .env is made (and checked) before the database changes, so nothing fails between the two but the
  // write itself; if that fails the role gets its old password back.
  const next = setEnvValue(text, name, plan.value);
  if (plan.role) await orchestrate(project, 'alter-role', { role: plan.role, password: plan.value }, json);
  try {
    await writeAtomically(envPath, next, 0o600);
  } catch (error) {
    if (!plan.role) throw error;
    const restored = await orchestrate(
      project,
      'alter-role',
      { role: plan.role, password: env[name] },
      json,
    ).then(
      () => true,
      () => false,
    );
    throw new CliError(
      `${name} was changed in ${plan.role.service} but .env could not be written (${(error as Error).message}); ${
        restored
          ? 'the role has its old password again, nothing else changed. Fix the cause and run again.'
          : `setting the old password back failed too: role ${plan.role.role} and .env now differ; run ${cliCommand()} secrets rotate ${name} again once .env can be written.`
      }`,
      EXIT.FAILURE,
    );
  }
  const report = composeRuns
    ? await orchestrate(project, 'recreate', { services: plan.readers }, json).catch((error: Error) => {
        throw new CliError(
          `${name} is rotated in .env, but the services that read it could not be recreated (${error.message.replace(/\.$/, '')}); ${cliCommand()} up starts them with the new value.`,
          EXIT.FAILURE,
        );
      })
    : {};
  const recreated = (report.recreated as string[] | undefined) ?? [];
  const notes = recreatedNotes(project.stack, recreated);
  printResult(
    { json },
    {
      secret: name,
      rotated: true,
      ...(plan.role ? { role: plan.role.role, service: plan.role.service } : {}),
      recreated,
      notes,
      next: plan.next,
    },
    () =>
      [
        `Rotated ${name}${plan.role ? ` (role ${plan.role.role} in ${plan.role.service}, then .env)` : ' in .env'}.`,
        recreated.length > 0
          ? `  recreated ${recreated.join(', ')}, which read it`
          : '  no running service reads it; each reads the new value when it starts',
        ...notes.map((note) => `  ${note}`),
        ...plan.next.map((step, index) => `  next ${index + 1}: ${step}`),
      ].join('\n'),
  );
}
