/**
 * Ask a yes/no question on the terminal; only "y" or "yes" is a yes. Undefined when there is no terminal to
 * ask on, so the caller can name the flag that answers instead.
 */
export async function confirmOnTerminal(question: string, signal: AbortSignal): Promise<boolean | undefined> {
  if (!process.stdin.isTTY) return undefined;
  // readline loads only when a question is asked, not with every command that runs hooks.
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(`${question} [y/N] `, { signal });
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}
