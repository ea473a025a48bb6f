import { existsSync, type Stats } from 'node:fs';
import type { Stack } from '../model/stack.js';
import type { Contributor } from '../project/build-stack.js';
import { join } from 'node:path';
import type Generator from 'yeoman-generator';
import type { ProjectConfig } from '../config/project-config.js';
import { ProjectConfigError } from '../config/project-config.js';
import type { FileWrite } from '../project/reconcile.js';
import { planProject } from '../project/plan-project.js';
import { formatConflicts } from '../project/reconcile.js';
import { applySettingCommand } from '../render/render-env.js';
import { assertNoConflicts } from '../project/write-plan.js';
import type { DataEngOptions } from './common-options.js';

type AnyGenerator = Generator<Record<string, unknown>, DataEngOptions>;

/** Mark a file so Yeoman's conflicter writes it as is: its content is already the result of our three-way merge. */
function markMerged(generator: AnyGenerator, path: string): void {
  const file = generator.env.sharedFs.get(path) as { conflicter?: string };
  file.conflicter = 'force';
}

/**
 * Queue, once per run whatever the number of composed generators, the rendering of the whole project
 * from .yo-rc.json. Every generator stores answers; this one task derives every file from them.
 */
/** The Stack a run built and what built it, handed from the rendering to the hooks of the same run. */
export interface BuiltProject {
  readonly stack: Stack;
  readonly contributors: readonly Contributor[];
}

/** Where a Yeoman run keeps it, for the hooks and for `data-eng new`, which runs them itself. */
export interface ScaffoldEnv {
  dataEngBuilt?: BuiltProject;
}

export function queueProjectTasks(generator: AnyGenerator): void {
  generator.queueTask({
    method: async () => renderProjectFiles(generator),
    taskName: 'data-eng:render',
    queueName: 'writing',
    once: true,
  } as Parameters<AnyGenerator['queueTask']>[0]);
  generator.queueTask({
    method: async () => {
      // data-eng new runs the hooks itself, once the files are in their final folder.
      if (generator.options.deferHooks || generator.options.dryRun) return;
      await runScaffoldHooks(
        generator.destinationRoot(),
        {
          skip: Boolean(generator.options.skipInstall),
          build: Boolean(generator.options.build),
          up: Boolean(generator.options.up),
        },
        (generator.env as unknown as ScaffoldEnv).dataEngBuilt,
      );
    },
    taskName: 'data-eng:hooks',
    queueName: 'data-eng:postScaffold',
    once: true,
  } as Parameters<AnyGenerator['queueTask']>[0]);
}

/**
 * After the files are on disk: run the plugins' afterScaffold and buildCache hooks (and orchestrate with --up),
 * unless `skip` (--skip-install). A failing hook stops the run with its plugin and hook named; the files
 * already written stay complete.
 */
export async function runScaffoldHooks(
  dir: string,
  options: { readonly skip: boolean; readonly build: boolean; readonly up: boolean },
  built?: BuiltProject,
): Promise<void> {
  if (options.skip) return;
  const { openProject } = await import('../project/open-project.js');
  const { runHooks } = await import('../plugins/run-hooks.js');
  const { createLogger, createProgress } = await import('../console/progress.js');
  const project = built ? { dir, ...built } : await openProject(dir);
  const hasHooks = project.contributors.some(
    (c) => c.definition.hooks && Object.keys(c.definition.hooks).length > 0,
  );
  if (!hasHooks) return;
  const controller = new AbortController();
  const onSignal = (): void => controller.abort(new Error('interrupted'));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    await runHooks(
      {
        projectDir: project.dir,
        stack: project.stack,
        contributors: project.contributors,
        options: { phase: 'scaffold', build: options.build, up: options.up },
        logger: createLogger({ json: false }),
        progress: await createProgress({ json: false }),
        signal: controller.signal,
      },
      options.up ? ['afterScaffold', 'buildCache', 'orchestrate'] : ['afterScaffold', 'buildCache'],
    );
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}

/** What a finished scaffold says: where the project is, where its secrets are, and what to run next. */
export async function readyLines(dir: string): Promise<string[]> {
  const { readProjectConfig, answersOf } = await import('../config/project-config.js');
  const { cliCommand } = await import('../console/cli-command.js');
  const name = String(answersOf((await readProjectConfig(dir)) ?? {}, 'project').name ?? '');
  const cli = cliCommand();
  return [
    '',
    `Project ${name} is ready in ${dir}.`,
    `Secrets are in .env (mode 0600, git-ignored). Next: ${cli} doctor, then ${cli} up.`,
  ];
}

/**
 * Adding or reconfiguring one part never removes another's files. If a sub-generator's rendering would delete
 * files, the answers in .yo-rc.json have lost parts (an edit, a bad merge): refuse before anything is written.
 * Removing a part is `data-eng plugins remove`'s job, and `yo data-eng`'s when its part list is answered.
 */
function refuseLostParts(generator: AnyGenerator, writes: readonly FileWrite[]): void {
  if ((generator as unknown as { owner?: string }).owner === 'project') return;
  const deleted = writes.filter((write) => write.content === undefined).map((write) => write.path);
  if (deleted.length === 0) return;
  const shown =
    deleted.slice(0, 4).join(', ') + (deleted.length > 4 ? `, and ${deleted.length - 4} more` : '');
  throw new ProjectConfigError(
    `.yo-rc.json no longer has the answers of parts this project has: this run would delete ${shown}. Restore it with git checkout -- .yo-rc.json (or from a backup) and run again; nothing was changed.`,
  );
}

async function renderProjectFiles(generator: AnyGenerator): Promise<void> {
  const root = generator.destinationRoot();
  const config = generator.config.getAll() as ProjectConfig;
  const force = Boolean(generator.options.force);
  const plan = await planProject(root, config, { preferTheirs: force });
  // The run's one Stack: the hooks after scaffolding use it rather than reading the answers again.
  (generator.env as unknown as ScaffoldEnv).dataEngBuilt = {
    stack: plan.stack,
    contributors: plan.contributors,
  };
  refuseLostParts(generator, plan.writes);
  const { conflicts, kept } = plan.reconciliation;
  assertNoConflicts(plan, force || Boolean(generator.options.keepYours));
  if (conflicts.length > 0) {
    generator.log(
      force
        ? `Your edits conflicted with the new rendering; --force took the new rendering for:\n${formatConflicts(conflicts)}`
        : `Your edits conflicted with the new rendering; --keep-yours kept yours for:\n${formatConflicts(conflicts)}`,
    );
  }
  for (const path of kept) {
    generator.log(`${path} is no longer generated but you edited it; it is kept as is.`);
  }
  for (const setting of plan.keptSettings) {
    generator.log(
      `${setting.name} in .env is ${setting.yours}, your own value; the answers now give ${setting.answers}. It is kept; to take the new value: ${applySettingCommand(setting)}`,
    );
  }
  for (const write of plan.writes) {
    const path = join(root, write.path);
    if (write.content === undefined) {
      generator.fs.delete(path);
      if (existsSync(path)) markMerged(generator, path);
      continue;
    }
    generator.fs.write(path, write.content, write.mode ? { stat: { mode: write.mode } as Stats } : undefined);
    if (existsSync(path)) markMerged(generator, path);
  }
}
