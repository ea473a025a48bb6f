import { HOOK_EXIT, PluginError, type SecretRole } from '../../lib/plugins/public-api.js';
import type { ComposeProject } from './compose-project.js';
import { lastLines } from './run-compose.js';

/** The services of the project that are running now. */
async function runningServices(project: ComposeProject): Promise<string[]> {
  const result = await project.run(['ps', '--services', '--status', 'running']);
  if (result.code !== 0)
    throw new Error(`${project.compose.label} ps failed: ${lastLines(result.stderr, 5)}; is Docker running?`);
  return result.stdout.split('\n').filter(Boolean);
}

const identifier = (name: string): string => `"${name.replaceAll('"', '""')}"`;
const literal = (value: string): string => `'${value.replaceAll("'", "''")}'`;

/**
 * `secrets rotate`, first step for a role's password: ALTER ROLE in the running database, as its superuser over
 * the service's local socket. The statement goes on psql's standard input, so the new password is in no
 * command line, no `docker inspect` of the exec and no output. A database that is not running is refused: the
 * password in `.env` must not change while the role still has the old one.
 */
export async function composeAlterRole(project: ComposeProject): Promise<void> {
  const { ctx } = project;
  const role = ctx.options.role as SecretRole;
  const password = String(ctx.options.password);
  if (!(await runningServices(project)).includes(role.service)) {
    throw new PluginError(
      `${role.service} is not running, so the password of role ${role.role} cannot be changed in it; start it with data-eng up ${role.service}, then rotate again. Nothing was changed.`,
      HOOK_EXIT.usage,
    );
  }
  const result = await ctx.progress.step(
    `Changing the password of role ${role.role} in ${role.service}`,
    () =>
      project.run(
        [
          'exec',
          '-T',
          role.service,
          'psql',
          '-v',
          'ON_ERROR_STOP=1',
          '--quiet',
          '--username',
          role.superuser,
          '--dbname',
          role.database,
        ],
        { input: `ALTER ROLE ${identifier(role.role)} PASSWORD ${literal(password)};\n` },
      ),
  );
  if (result.code !== 0) {
    throw new Error(
      `ALTER ROLE ${role.role} in ${role.service} failed: ${lastLines(result.stderr, 3)}; nothing else was changed, .env keeps the old password.`,
    );
  }
}

/**
 * `secrets rotate`, last step: recreate the running services among `options.services`, so each reads the secret's
 * new file (compose copies a secret into a container when it creates it). Stopped ones read it when they start.
 */
export async function composeRecreate(project: ComposeProject): Promise<void> {
  const { ctx } = project;
  const wanted = (ctx.options.services as string[] | undefined) ?? [];
  const running = await runningServices(project);
  const services = wanted.filter((service) => running.includes(service));
  if (services.length > 0) {
    const result = await ctx.progress.step(`Recreating ${services.join(', ')}`, () =>
      project.run(['up', '--detach', '--no-deps', '--force-recreate', '--wait', ...services]),
    );
    if (result.code !== 0) {
      throw new Error(
        `${project.compose.label} could not recreate ${services.join(', ')}: ${lastLines(result.stderr, 5)}; .env holds the new value, run data-eng up to start them with it.`,
      );
    }
  }
  ctx.report('recreated', services);
}
