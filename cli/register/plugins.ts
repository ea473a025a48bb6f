import type { Command } from 'commander';

/** `data-eng plugins ls|add|remove`. */
export function registerPlugins(program: Command): void {
  const plugins = program.command('plugins').description('list, enable and disable plugins of this project');
  plugins
    .command('ls')
    .description(
      'show enabled plugins and the ones available (built in, or installed data-eng-plugin-* packages)',
    )
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const { listPlugins } = await import('../commands/plugins.js');
      await listPlugins({ json: Boolean(options.json) });
    });
  plugins
    .command('add')
    .argument('<name>', 'built-in name, data-eng-plugin-* package, or ./path')
    .description(
      'enable a plugin: record it in .yo-rc.json and re-render every derived file, keeping your edits',
    )
    .option('--answers <file>', "answers for the plugin's questions (JSON or YAML, keyed by plugin name)")
    .option('--force', 'where your edits conflict with the new rendering, take the new rendering')
    .option('--dry-run', 'print what would change, write nothing')
    .option('--json', 'print JSON')
    .allowUnknownOption(true)
    .allowExcessArguments(true)
    .addHelpText(
      'after',
      "\nThe plugin's own questions take their flags too, e.g. --mosquitto-port 1884 (see docs/answers.md).",
    )
    .action(async (name: string, options: Record<string, unknown>, command: Command) => {
      const { addPlugin } = await import('../commands/plugins.js');
      await addPlugin(name, options, command.args.slice(1));
    });
  plugins
    .command('remove')
    .argument('<name>', 'a plugin listed in .yo-rc.json')
    .description(
      'disable a plugin: remove its services and files, leave everything else alone; files of its you edited are kept unless you say to delete them',
    )
    .option('--force', 'where your edits conflict with the new rendering, take the new rendering')
    .option('-y, --yes', 'delete the files of the plugin you edited too, without asking')
    .option('--dry-run', 'print what would change, write nothing')
    .option('--json', 'print JSON')
    .action(async (name: string, options: Record<string, unknown>) => {
      const { removePlugin } = await import('../commands/plugins.js');
      await removePlugin(name, options);
    });
}
