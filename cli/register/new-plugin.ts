import { type Command, Option } from 'commander';

/** `data-eng new-plugin [dir]`: the plugin package generator, `yo data-eng:plugin`, without a global yo. */
export function registerNewPlugin(program: Command): void {
  program
    .command('new-plugin')
    .argument('[dir]', 'folder to create the plugin package in', '.')
    .description('scaffold a third-party plugin package (the same generator as `yo data-eng:plugin`)')
    .option('--name <package>', 'npm package name: data-eng-plugin-<name> or @scope/data-eng-plugin-<name>')
    .option('--description <text>', 'one-line description for package.json and data-eng plugins ls')
    .option('--service <name>', 'name of the compose service the plugin adds')
    .option('--image <reference>', 'default image of that service')
    .option('--port <number>', 'port the service listens on inside its container')
    .option('--defaults', 'answer every question not given otherwise with its default')
    .option('--skip-install', 'do not run npm install after writing')
    .addOption(new Option('--interactive', 'ask questions (default: only when stdin is a terminal)'))
    .option('--no-interactive', 'never ask; a missing answer is an error')
    .action(async (dir: string, options: Record<string, unknown>) => {
      const { runNewPlugin } = await import('../commands/new-plugin.js');
      await runNewPlugin(dir, options);
    });
}
