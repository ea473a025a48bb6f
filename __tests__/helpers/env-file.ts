import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Set (or add) variables in the project's .env, keeping every other line; the file stays 0600. */
export function setEnv(dir: string, values: Readonly<Record<string, string>>): void {
  const path = join(dir, '.env');
  let text = readFileSync(path, 'utf8');
  for (const [name, value] of Object.entries(values)) {
    const line = `${name}=${value}`;
    const pattern = new RegExp(`^${name}=.*$`, 'm');
    text = pattern.test(text) ? text.replace(pattern, () => line) : `${text.replace(/\n?$/, '\n')}${line}\n`;
  }
  writeFileSync(path, text, { mode: 0o600 });
}
