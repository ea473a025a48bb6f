import type { Logger, Progress, StepMark } from '../plugins/public-api.js';
import { jsonOutput } from './json-output.js';

/**
 * Progress for long work: an animated task list on a terminal, one line per step otherwise, nothing in
 * --json mode (stdout stays machine-readable). Everything human goes to stderr.
 */
export async function createProgress(options: { json: boolean }): Promise<Progress> {
  const renderer = options.json ? 'silent' : process.stderr.isTTY ? 'default' : 'simple';
  return {
    async step<T>(
      title: string,
      run: (update: (detail: string) => void, mark: StepMark) => Promise<T>,
    ): Promise<T> {
      // Loaded on the first step: a command that needs no progress (a cache hit) never pays for it.
      const { Listr, PRESET_TIMER } = await import('listr2');
      let result: T | undefined;
      let failed: Error | undefined;
      const mark: StepMark = {
        failed: (reason) => {
          failed = new Error(reason);
        },
      };
      const list = new Listr(
        [
          {
            title,
            task: async (_ctx, task) => {
              result = await run((detail) => {
                task.output = detail;
              }, mark);
              // Shown as failed (✖ and the reason), though the command goes on.
              if (failed) throw failed;
            },
            rendererOptions: { outputBar: 3 },
          },
        ],
        {
          renderer,
          exitOnError: true,
          rendererOptions: { timer: PRESET_TIMER } as never,
          registerSignalListeners: false,
        } as never,
      );
      try {
        await list.run();
      } catch (error) {
        if (error !== failed) throw error;
      }
      return result as T;
    },
  };
}

export function createLogger(options: { json: boolean }): Logger {
  const write = (prefix: string, message: string): void => {
    if (!options.json || prefix === 'error')
      process.stderr.write(`${prefix === 'info' ? '' : `${prefix}: `}${message}\n`);
  };
  return {
    info: (message) => write('info', message),
    warn: (message) => write('warning', message),
    error: (message) => write('error', message),
  };
}

/** Print a command's result: JSON on stdout with --json, else the text form. */
export function printResult(options: { json: boolean }, value: unknown, text: () => string): void {
  if (options.json) {
    process.stdout.write(JSON.stringify(value, null, 2) + '\n');
    jsonOutput.printed = true;
  } else {
    const out = text();
    if (out) process.stdout.write(out.endsWith('\n') ? out : out + '\n');
  }
}
