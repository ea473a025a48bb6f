/**
 * The thread a third-party plugin's hook runs in (run-hooks.ts, docs/adr/0005-third-party-hooks-in-workers.md).
 * It loads the plugin's module, calls the one hook with a context whose logger, progress, questions and
 * report go to the host as messages, and says when the hook has finished or failed. The host ends the thread
 * then, or at the hook's timeout, whatever the hook left running.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { HookContext, PluginDefinition } from './public-api.js';
import type { HookWorkerData, HostMessage, WorkerMessage } from './hook-messages.js';
import { exitRefusal, failureOf } from './hook-messages.js';
import { shareHostPackage } from './share-host.js';
import { createDockerClient } from '../docker/docker-client.js';
import { readDotenv } from '../config/dotenv.js';

const data = workerData as HookWorkerData;
const port = parentPort!;
const post = (message: WorkerMessage): void => port.postMessage(message);

const controller = new AbortController();
const answers = new Map<
  number,
  { resolve: (value: boolean | undefined) => void; reject: (error: Error) => void }
>();
port.on('message', (message: HostMessage) => {
  if (message.type === 'abort') controller.abort(new Error('aborted'));
  else if (message.type === 'answer') {
    const waiting = answers.get(message.id);
    answers.delete(message.id);
    if (message.aborted) {
      const error = new Error('The question was interrupted.');
      error.name = 'AbortError';
      waiting?.reject(error);
    } else waiting?.resolve(message.value);
  }
});

// A hook ends the run by failing, never by exiting (in a worker, process.exit would end only this thread,
// and its status would be lost): say so in the failure, which names the plugin and the hook.
process.exit = ((code?: number | string | null) => {
  throw new Error(exitRefusal(code));
}) as typeof process.exit;

// An error thrown where the hook cannot catch it (a timer, a promise nobody awaits) is its failure; said here,
// it reaches the host as one named sentence instead of a stack trace on the terminal.
let failedOnce = false;
const failOnce = (error: unknown): void => {
  if (failedOnce) return;
  failedOnce = true;
  post({ type: 'failed', failure: failureOf(error) });
};
process.on('uncaughtException', failOnce);
process.on('unhandledRejection', failOnce);

let nextId = 0;
let docker: ReturnType<typeof createDockerClient> | undefined;
let projectEnv: Promise<Record<string, string>> | undefined;
const context: HookContext = {
  projectDir: data.projectDir,
  stack: data.stack,
  answers: data.answers,
  config: data.config,
  options: data.options,
  ...(data.action === undefined ? {} : { action: data.action }),
  logger: {
    info: (message) => post({ type: 'log', level: 'info', message: String(message) }),
    warn: (message) => post({ type: 'log', level: 'warn', message: String(message) }),
    error: (message) => post({ type: 'log', level: 'error', message: String(message) }),
  },
  progress: {
    async step(title, run) {
      const id = nextId++;
      post({ type: 'step', id, title: String(title) });
      try {
        const result = await run((detail) => post({ type: 'step-update', id, detail: String(detail) }), {
          failed: (reason) => post({ type: 'step-failed', id, reason: String(reason) }),
        });
        post({ type: 'step-end', id });
        return result;
      } catch (error) {
        post({ type: 'step-end', id, failure: failureOf(error) });
        throw error;
      }
    },
  },
  signal: controller.signal,
  docker: () => (docker ??= createDockerClient()),
  projectEnv: () => (projectEnv ??= readDotenv(join(data.projectDir, '.env'))),
  confirm: (question) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      answers.set(id, { resolve, reject });
      post({ type: 'confirm', id, question: String(question) });
    }),
  report: (key, value) => post({ type: 'report', key: String(key), value }),
};

try {
  await shareHostPackage();
  const module = (await import(pathToFileURL(data.entry).href)) as { default?: PluginDefinition };
  const hook = module.default?.hooks?.[data.hook];
  if (typeof hook !== 'function') throw new Error(`its module no longer has a ${data.hook} hook`);
  await hook(context);
  if (!failedOnce) post({ type: 'done' });
} catch (error) {
  failOnce(error);
}
