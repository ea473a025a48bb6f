/**
 * Ask a yes/no question on the terminal; only "y" or "yes" is a yes. Undefined when there is no terminal to
 * ask on, so the caller can name the flag that answers instead.
 */
export async function confirmOnTerminal(question: string, signal: AbortSignal): Promise<boolean | undefined> {
  if (!process.stdin.isTTY) return undefined;
  // readline loads only when a question is asked, not with every command that runs hooks.
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  // On a terminal, readline reads Ctrl-C as a key: it ends the question as an AbortError, as the signal does.
  const asking = new AbortController();
  const stop = (): void => asking.abort();
  signal.addEventListener('abort', stop, { once: true });
  rl.once('SIGINT', stop);
  try {
    const answer = await rl.question(`${question} [y/N] `, { signal: asking.signal });
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    signal.removeEventListener('abort', stop);
    rl.close();
  }
}
