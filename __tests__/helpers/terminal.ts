import { spawn } from 'node:child_process';

/** Terminal escape sequences (colours, cursor moves) that a prompt library writes around its text. */
const ESCAPES = /\x1b\[[0-9;?]*[A-Za-z]/g; // eslint-disable-line no-control-regex

export interface TerminalRun {
  readonly status: number | null;
  /** Everything the command wrote, escape sequences removed. */
  readonly output: string;
  /** The prompts it asked, in order, as their first line read. */
  readonly prompts: readonly string[];
}

/**
 * Run a command in a pseudo-terminal (util-linux `script`), as a user at a terminal would, and answer each
 * prompt when it appears: `answer` gets the prompt's text and returns the keys to send (`\r` is Enter,
 * `\x1b[B` the down arrow). A prompt counts as answered once the library marks it done (✔). A list of keys
 * answers a prompt that re-asks: the next entry is sent each time the prompt shows an error (`> …`).
 */
export function runInTerminal(
  command: string,
  cwd: string,
  answer: (prompt: string) => string | readonly string[],
  timeoutMs = 90_000,
): Promise<TerminalRun> {
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qfec', command, '/dev/null'], {
      cwd,
      env: { ...process.env, TERM: 'xterm', COLUMNS: '200' },
    });
    let raw = '';
    const prompts: string[] = [];
    let retries: string[] = [];
    let sentAt = 0;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} did not finish in ${timeoutMs} ms; last output: ${raw.slice(-500)}`));
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      raw += chunk.toString();
      const plain = raw.replace(ESCAPES, '');
      const done = plain.split('✔').length - 1;
      const current = plain.slice(plain.lastIndexOf('✔') + 1);
      const asked = /\? ([^\n(]+)/.exec(current);
      if (asked && prompts.length === done) {
        prompts.push(asked[1]!.trim());
        [...retries] = [answer(asked[1]!.trim())].flat();
        child.stdin.write(retries.shift()!);
        sentAt = plain.length;
      } else if (retries.length > 0 && /\n> \S/.test(plain.slice(sentAt))) {
        child.stdin.write(retries.shift()!);
        sentAt = plain.length;
      }
    });
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, output: raw.replace(ESCAPES, ''), prompts });
    });
  });
}
