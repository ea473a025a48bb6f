import { spawn } from 'node:child_process';
import type { ComposeCommand } from './find-compose.js';

export interface ComposeResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface ComposeRunOptions {
  readonly cwd: string;
  readonly signal: AbortSignal;
  /** Stream the output to this process's stdout and stderr instead of capturing it (logs). */
  readonly inherit?: boolean;
  /** Called with each chunk compose writes to stderr (its progress lines). */
  readonly onStderr?: (text: string) => void;
  /** Called with each chunk compose writes to stdout, instead of collecting it. */
  readonly onStdout?: (text: string) => void;
  /** Written to compose's standard input (`exec -T`), which is otherwise closed. */
  readonly input?: string;
}

/**
 * Run compose in the project folder. Never rejects on a non-zero exit: callers turn the output into a
 * message that says what to do. On abort the child gets SIGINT, as Ctrl-C would give it.
 */
export function runCompose(
  compose: ComposeCommand,
  args: readonly string[],
  options: ComposeRunOptions,
): Promise<ComposeResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(compose.program, [...compose.prefix, ...args], {
      cwd: options.cwd,
      stdio: [
        options.input === undefined ? 'ignore' : 'pipe',
        options.inherit ? 'inherit' : 'pipe',
        options.inherit ? 'inherit' : 'pipe',
      ],
    });
    // A command that exits before reading its input closes the pipe; its exit status says what went wrong.
    child.stdin?.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') return;
      options.signal.removeEventListener('abort', onAbort);
      child.kill('SIGTERM');
      reject(error);
    });
    child.stdin?.end(options.input);
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      if (options.onStdout) options.onStdout(chunk);
      else stdout += chunk;
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      options.onStderr?.(chunk);
    });
    const onAbort = (): void => {
      child.kill('SIGINT');
    };
    options.signal.addEventListener('abort', onAbort, { once: true });
    child.on('error', (error) => {
      options.signal.removeEventListener('abort', onAbort);
      reject(error);
    });
    child.on('close', (code, signal) => {
      options.signal.removeEventListener('abort', onAbort);
      resolve({ code: code ?? (signal ? 130 : 1), stdout, stderr });
    });
  });
}

/** The last lines of compose's error output, for a message. */
export function lastLines(text: string, count: number): string {
  return text.trimEnd().split('\n').slice(-count).join('\n');
}
