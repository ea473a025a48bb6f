import { InvalidArgumentError, type Command } from 'commander';

/** `--timeout <seconds>`: a positive number, refused with the fix before any project is opened. */
export function parseSeconds(value: string): number {
  const seconds = Number(value);
  if (value.trim() === '' || !Number.isFinite(seconds) || seconds <= 0) {
    throw new InvalidArgumentError(`"${value}" is not a number of seconds; pass e.g. --timeout 300.`);
  }
  return seconds;
}

async function run(
  hook: 'buildCache' | 'orchestrate',
  action: string,
  options: Record<string, unknown>,
): Promise<void> {
  const { runHookCommand } = await import('../commands/run-hook.js');
  await runHookCommand(hook, { ...options, action });
}

/** Commands carried out by plugins' hooks: build and cache (buildCache), up/down/status/logs (orchestrate). */
export function registerHookCommands(program: Command): void {
  program
    .command('build')
    .description(
      'build the project images, reusing any image whose content fingerprint is already built or in the registry',
    )
    .option('--target <stage>', 'build only this Dockerfile stage (dependencies, runtime, development)')
    .option('--no-cache', 'rebuild even when an image with the same fingerprint exists')
    .option('--push', 'push freshly built images to the configured registry')
    .option('--json', 'print JSON')
    .action((options: Record<string, unknown>) => run('buildCache', 'build', options));

  const cache = program.command('cache').description('inspect and prune images built by the build cache');
  cache
    .command('ls')
    .description('list cached images: key, image, size, age, which projects use it')
    .option('--json', 'print JSON')
    .action((options: Record<string, unknown>) => run('buildCache', 'ls', options));
  cache
    .command('prune')
    .description('remove cached images not used for a while')
    .option('--older-than <age>', 'remove images last used before this age, e.g. 7d, 12h', '7d')
    .option('--dry-run', 'show what would be removed')
    .option('--json', 'print JSON')
    .action((options: Record<string, unknown>) => run('buildCache', 'prune', options));

  program
    .command('up')
    .argument('[services...]', 'start only these services and what they depend on')
    .description('start the stack and wait until every service is healthy')
    .option('--timeout <seconds>', 'how long to wait for health', parseSeconds, 300)
    .option('--json', 'print JSON')
    .action((services: string[], options: Record<string, unknown>) =>
      run('orchestrate', 'up', { ...options, services }),
    );
  program
    .command('down')
    .description('stop the stack; volumes (your data) are kept unless --volumes')
    .option('--volumes', 'also delete the data volumes (asks first unless --yes)')
    .option('-y, --yes', 'do not ask before deleting volumes')
    .option('--json', 'print JSON')
    .action((options: Record<string, unknown>) => run('orchestrate', 'down', options));
  program
    .command('status')
    .description('show every service with its state and health')
    .option(
      '--metrics',
      "instead, summarise Airflow's metrics from Prometheus: scheduler heartbeat age, running and queued tasks, failures in the last hour, import errors, PostgreSQL connections (needs the observability part)",
    )
    .option('--json', 'print JSON')
    .action(async (options: Record<string, unknown>) => {
      if (!options.metrics) return run('orchestrate', 'status', options);
      const { statusMetrics } = await import('../commands/status-metrics.js');
      await statusMetrics(options);
    });
  program
    .command('logs')
    .argument('[service]', 'only this service')
    .description('show service logs')
    .option('-f, --follow', 'keep following new lines')
    .option('--tail <lines>', 'lines per service to show', '100')
    .action((service: string | undefined, options: Record<string, unknown>) =>
      run('orchestrate', 'logs', { ...options, service }),
    );
}
