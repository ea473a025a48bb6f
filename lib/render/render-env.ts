import type { Secret, Setting, Stack } from '../model/stack.js';
import { parseDotenv } from '../config/dotenv.js';

const ASSIGNMENT = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/;

/** The variable names a .env file assigns. */
export function envFileKeys(text: string): Set<string> {
  return new Set(text.split(/\r?\n/).flatMap((line) => ASSIGNMENT.exec(line)?.[1] ?? []));
}

/** Quote a value only when the .env parser needs it. */
function envLine(name: string, value: string): string {
  if (/^[A-Za-z0-9_./:@%+=,-]*$/.test(value)) return `${name}=${value}`;
  if (/['\n\r]/.test(value)) {
    throw new Error(
      `The value of ${name} holds a quote or a line break, which .env cannot carry; choose another value.`,
    );
  }
  return `${name}='${value}'`;
}

function entries(stack: Stack): { title: string; items: (Secret | Setting)[] }[] {
  return [
    { title: 'Settings: safe to change', items: Object.values(stack.settings) },
    {
      title: 'Secrets: generated once, never regenerated; keep this file out of git',
      items: Object.values(stack.secrets),
    },
  ];
}

/**
 * The project's .env. An existing file is kept byte for byte: only variables it lacks are appended,
 * so secrets never change on a re-run (a new Fernet key would make stored connections unreadable).
 */
export function renderEnv(
  stack: Stack,
  existing: string | undefined,
  generate: (secret: Secret) => string,
): string {
  const present = existing === undefined ? new Set<string>() : envFileKeys(existing);
  const blocks: string[] = [];
  for (const { title, items } of entries(stack)) {
    const missing = items.filter((item) => !present.has(item.name));
    if (missing.length === 0) continue;
    const lines = missing.flatMap((item) => [
      `# ${item.description.replaceAll('\n', ' ')}`,
      envLine(item.name, 'kind' in item ? generate(item) : item.value),
    ]);
    blocks.push([`# ${title}`, ...lines].join('\n'));
  }
  if (existing === undefined) {
    return (
      [`# ${stack.project.name}: local settings and secrets. Mode 0600, git-ignored.`, ...blocks].join(
        '\n\n',
      ) + '\n'
    );
  }
  if (blocks.length === 0) return existing;
  const separator = existing.endsWith('\n') || existing === '' ? '\n' : '\n\n';
  return existing + separator + blocks.join('\n\n') + '\n';
}

/** The one command that gives a .env setting the value the answers give. */
export function applySettingCommand(setting: KeptSetting): string {
  return `sed -i 's|^${setting.name}=.*|${envLine(setting.name, setting.answers)}|' .env`;
}

/** A setting whose value in .env is the user's own and differs from what the answers now give. */
export interface KeptSetting {
  readonly name: string;
  readonly yours: string;
  readonly answers: string;
}

/**
 * Apply settings the answers changed (a port, an image) to an existing .env. A setting still holding the
 * value the last rendering gave it (its default in the previous .env.example) takes the new one, on its own
 * line, every other byte kept; one the user set to a value of their own is kept and reported. Secrets are
 * never touched.
 */
export function updateEnvSettings(
  stack: Stack,
  existing: string,
  current: Readonly<Record<string, string>>,
  previousDefaults: Readonly<Record<string, string>>,
): { readonly text: string; readonly kept: readonly KeptSetting[] } {
  let text = existing;
  const kept: KeptSetting[] = [];
  for (const setting of Object.values(stack.settings)) {
    const value = current[setting.name];
    const before = previousDefaults[setting.name];
    // Only a setting the answers changed: an override of an unchanged default (an internal registry's
    // image, say) is what .env is for, and stays without a word.
    if (value === undefined || value === setting.value || before === undefined || before === setting.value)
      continue;
    if (value === before) {
      const line = new RegExp(`^(\\s*(?:export\\s+)?)${setting.name}\\s*=.*$`, 'm');
      text = text.replace(line, (_, lead: string) => lead + envLine(setting.name, setting.value));
    } else {
      kept.push({ name: setting.name, yours: value, answers: setting.value });
    }
  }
  return { text, kept };
}

/**
 * The secrets only a person can supply (kind `external`: a bind password, a keytab): never generated, left empty
 * in .env until someone fills them in; scripts/make_env.py and the generated CI take them from the environment.
 */
export function suppliedSecrets(stack: Stack): Secret[] {
  return Object.values(stack.secrets).filter((secret) => secret.kind === 'external');
}

/** .env.example: every variable, settings with their defaults, secrets left empty. Safe to commit. */
export function renderEnvExample(stack: Stack): string {
  const blocks = entries(stack)
    .filter(({ items }) => items.length > 0)
    .map(({ title, items }) =>
      [
        `# ${title}`,
        ...items.flatMap((item) => [
          `# ${item.description.replaceAll('\n', ' ')}`,
          envLine(item.name, 'kind' in item ? '' : item.value),
        ]),
      ].join('\n'),
    );
  return [`# Copy to .env and fill in; data-eng new does this for you.`, ...blocks].join('\n\n') + '\n';
}

/**
 * Give one variable of an existing .env a new value, on its own line, every other byte kept; appended when the
 * file has no line for it. For `data-eng secrets rotate`, the one command that changes a secret.
 */
export function setEnvValue(text: string, name: string, value: string): string {
  // The last assignment wins, for compose and for every reader of .env: that is the one to change.
  const lines = [...text.matchAll(new RegExp(`^(\\s*(?:export\\s+)?)${name}\\s*=[^\\r\\n]*`, 'gm'))];
  const last = lines.at(-1);
  const next =
    last === undefined
      ? `${text}${text === '' || text.endsWith('\n') ? '' : '\n'}${envLine(name, value)}\n`
      : text.slice(0, last.index) + last[1] + envLine(name, value) + text.slice(last.index + last[0].length);
  if (parseDotenv(next)[name] !== value)
    throw new Error(`.env's line for ${name} cannot be rewritten safely; set it by hand, then run again.`);
  return next;
}
