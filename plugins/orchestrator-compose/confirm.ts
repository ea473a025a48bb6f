import { createInterface } from 'node:readline/promises';

/** Ask a yes/no question on the terminal; only "y" or "yes" is a yes. The caller checks for a TTY first. */
export async function confirm(question: string, signal: AbortSignal): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(`${question} [y/N] `, { signal });
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}
