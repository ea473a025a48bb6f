/**
 * Run `work` with a signal that Ctrl-C (SIGINT) or SIGTERM aborts, instead of ending the process at once, so work
 * that must not stop halfway (files written as a set) can put things back first. The signal's reason is an Error
 * whose message is the first signal's name; a second Ctrl-C while it puts things back is ignored. The handlers are
 * removed when `work` settles.
 */
export async function onInterrupt<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    if (!controller.signal.aborted) controller.abort(new Error(signal));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await work(controller.signal);
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}
