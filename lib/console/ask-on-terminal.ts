import type { Ask } from '../config/resolve-answers.js';
import { offeredChoices } from '../config/resolve-answers.js';

/** A typed line as the question's answer: Enter takes the default, y/n answer a yes/no question. */
function typed(line: string, type: string, defaultValue: unknown): unknown {
  const text = line.trim();
  if (text === '') return defaultValue;
  if (type === 'boolean') {
    if (/^y(es)?$/i.test(text)) return true;
    if (/^no?$/i.test(text)) return false;
  }
  return text;
}

/** Ctrl-C at a question of a command, before it writes: the one line the command line prints, exit 130. */
export function cancelledAtQuestion(): Error {
  const cancelled = new Error('cancelled, nothing written.');
  cancelled.name = 'AbortError';
  return cancelled;
}

/**
 * Ask questions one line at a time on the terminal (stderr, so stdout stays the command's result), for the
 * commands that ask outside a Yeoman run (`data-eng plugins add`). A bad answer is shown with its reason and the
 * question is asked again; a taken answer is shown with ✔. Ctrl-C ends the question with an AbortError: "cancelled, nothing written".
 */
export function askOnTerminal(dir?: string): Ask {
  return async (spec, defaultValue, answers, check) => {
    const { createInterface } = await import('node:readline/promises');
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    const asking = new AbortController();
    rl.once('SIGINT', () => asking.abort());
    const choices = offeredChoices(spec, answers, dir === undefined ? {} : { dir });
    const hint = choices.length > 0 ? ` [${choices.join('|')}]` : spec.type === 'boolean' ? ' [y/n]' : '';
    const shown = Array.isArray(defaultValue) ? defaultValue.join(', ') : defaultValue;
    const fallback = shown === undefined || shown === '' ? '' : ` (${String(shown)})`;
    try {
      for (;;) {
        const line = await rl.question(`? ${spec.message ?? spec.description}${hint}${fallback} `, {
          signal: asking.signal,
        });
        const answer = typed(line, spec.type, defaultValue);
        const problem = check(answer);
        if (problem === undefined) {
          const taken = Array.isArray(answer) ? answer.join(', ') : String(answer);
          process.stderr.write(`✔ ${spec.message ?? spec.description}: ${taken}\n`);
          return answer;
        }
        process.stderr.write(`> ${problem}\n`);
      }
    } catch (error) {
      if ((error as Error).name !== 'AbortError') throw error;
      throw cancelledAtQuestion();
    } finally {
      rl.close();
    }
  };
}
