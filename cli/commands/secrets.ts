import { join } from 'node:path';
import { readDotenv } from '../../lib/config/dotenv.js';
import { cliCommand } from '../../lib/console/cli-command.js';
import { createLogger, createProgress, printResult } from '../../lib/console/progress.js';
import { projectPath, readProjectFile } from '../../lib/fs/project-paths.js';
import { writeAtomically } from '../../lib/fs/write-atomically.js';
import { runHooks } from '../../lib/plugins/run-hooks.js';
import { openProject, type OpenProject } from '../../lib/project/open-project.js';
import { setEnvValue } from '../../lib/render/render-env.js';
import { planRotation, RotationRefused, secretReaders } from '../../lib/secrets/plan-rotation.js';
import { CliError, EXIT } from '../exit-codes.js';
import '../catalog.js';

/**
 * `data-eng secrets ls [--json]`: every secret of the project by name, who owns it, where it comes from, whether
 * .env sets it, and which services read it (as a file). Never a value.
 */
export async function listSecrets(options: { json?: boolean }): Promise<void> {
  const project = await openProject(process.cwd());
  const env = await readDotenv(join(project.dir, '.env')).catch(() => ({}) as Record<string, string>);
  const secrets = Object.values(project.stack.secrets).map((secret) => ({
    name: secret.name,
    owner: secret.owner,
    kind: secret.kind,
    description: secret.description,
    source: '.env',
    set: Boolean(env[secret.name]),
    readBy: secretReaders(project.stack, secret.name),
    rotate:
      secret.kind === 'external' || (secret.kind === 'password' && !secret.role) ? 'by hand' : 'data-eng',
  }));
  printResult({ json: Boolean(options.json) }, { secrets }, () => {
    const width = Math.max(...secrets.map((s) => s.name.length), 4);
    return [
      `${'NAME'.padEnd(width)}  SET  SOURCE  READ BY`,
      ...secrets.map(
        (s) =>
          `${s.name.padEnd(width)}  ${s.set ? 'yes' : 'NO '}  ${s.source.padEnd(6)}  ${s.readBy.join(', ') || '-'}`,
      ),
      '',
      `Values stay in .env. ${cliCommand()} secrets rotate NAME changes one.`,
    ].join('\n');
  });
}

/** Run one orchestrate action of the compose orchestrator for the rotation. */
async function orchestrate(
  project: OpenProject,
  action: string,
  options: Record<string, unknown>,
  json: boolean,
): Promise<Record<string, unknown>> {
  const runners = project.contributors.filter((c) => c.definition.name === 'orchestrator-compose');
  const results = await runHooks(
    {
      projectDir: project.dir,
      stack: project.stack,
      contributors: runners,
      options: { ...options, action },
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
  const text = (await readProjectFile(project.dir, '.env')) ?? '';
  const env = await readDotenv(envPath).catch(() => ({}) as Record<string, string>);
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
  const composeRuns = project.contributors.some((c) => c.definition.name === 'orchestrator-compose');
  if (!composeRuns && (plan.role || plan.readers.length > 0)) {
    throw new CliError(
      `Rotating ${name} changes the running stack, which data-eng does through compose: enable it with ${cliCommand()} plugins add orchestrator-compose. Nothing was changed.`,
      EXIT.USAGE,
    );
  }
  if (plan.role) await orchestrate(project, 'alter-role', { role: plan.role, password: plan.value }, json);
  await writeAtomically(envPath, setEnvValue(text, name, plan.value), 0o600);
  const report = composeRuns ? await orchestrate(project, 'recreate', { services: plan.readers }, json) : {};
  const recreated = (report.recreated as string[] | undefined) ?? [];
  printResult(
    { json },
    {
      secret: name,
      rotated: true,
      ...(plan.role ? { role: plan.role.role, service: plan.role.service } : {}),
      recreated,
      next: plan.next,
    },
    () =>
      [
        `Rotated ${name}${plan.role ? ` (role ${plan.role.role} in ${plan.role.service}, then .env)` : ' in .env'}.`,
        recreated.length > 0
          ? `  recreated ${recreated.join(', ')}, which read it`
          : '  no running service reads it; each reads the new value when it starts',
        ...plan.next.map((step, index) => `  next ${index + 1}: ${step}`),
      ].join('\n'),
  );
}
