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
    .argument('[name]', 'built-in name, data-eng-plugin-* package, or ./path')
    .description(
      'enable a plugin: ask its questions (at a terminal), record it in .yo-rc.json and re-render every derived file, keeping your edits; then run its afterScaffold hook',
    )
    .option('--answers <file>', "answers for the plugin's questions (JSON or YAML, keyed by plugin name)")
    .option('--force', 'where your edits conflict with the new rendering, take the new rendering')
    .option('--keep-yours', 'where your edits conflict with the new rendering, keep yours')
    .option('--defaults', 'take the default for every plugin question no flag answers, also at a terminal')
    .option('--skip-install', "do not run the plugin's afterScaffold hook")
    .option('--dry-run', 'print what would change, write nothing')
    .option('--json', 'print JSON')
    .allowUnknownOption(true)
    .allowExcessArguments(true)
    // Help is printed by the action, once it has loaded the named plugin (or the built-ins) to list their flags.
    .helpOption(false)
    .option('-h, --help', "display help for command, with the plugin's own flags")
    .action(async (name: string | undefined, options: Record<string, unknown>, command: Command) => {
      const { addPlugin, pluginFlagsHelp } = await import('../commands/plugins.js');
      if (options.help) {
        process.stdout.write(`${command.helpInformation()}\n${await pluginFlagsHelp(name)}\n`);
        return;
      }
      if (name === undefined) {
        const { CliError, EXIT } = await import('../exit-codes.js');
        throw new CliError(
          "missing the plugin's name: data-eng plugins add <name> (see data-eng plugins ls)",
          EXIT.USAGE,
        );
      }
      const own = command.options.map((option) => option.long?.replace(/^--/, '')).filter(Boolean);
      await addPlugin(name, options, command.args.slice(1), own as string[]);
    });
  plugins
    .command('remove')
    .argument('<name>', 'a plugin listed in .yo-rc.json')
    .description(
      'disable a plugin: remove its services and files, leave everything else alone; files of its you edited are kept unless you say to delete them',
    )
    .option('--force', 'where your edits conflict with the new rendering, take the new rendering')
    .option('--keep-yours', 'where your edits conflict with the new rendering, keep yours')
    .option('-y, --yes', 'delete the files of the plugin you edited too, without asking')
    .option('--dry-run', 'print what would change, write nothing')
    .option('--json', 'print JSON')
    .action(async (name: string, options: Record<string, unknown>) => {
      const { removePlugin } = await import('../commands/plugins.js');
      await removePlugin(name, options);
    });
}
