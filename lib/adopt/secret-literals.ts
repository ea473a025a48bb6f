import { extname } from 'node:path';
import { isScalar, parseDocument, visit } from 'yaml';
import type { Stack } from '../model/stack.js';
import { FERNET_KEY } from './template-project.js';

/** The kinds of secret a data-eng-template project writes as literals, by what they protect. */
export type SecretClass = 'fernet' | 'metadata' | 'data' | 'admin' | 'session';

/** A literal that is none of the template's own secrets (a team's warehouse password): kept in .env under its own name. */
export type RewriteClass = SecretClass | 'other';

/** For each class: the .env variable of the new stack that holds it, and the role a database password belongs to. */
export interface SecretTargets {
  readonly variables: Readonly<Record<SecretClass, string>>;
  readonly roles: { readonly metadata: string; readonly data: string };
  readonly metadataDatabase: string;
}

/** The template's known literal values, to tell an unkeyed `password: admin` apart (admin login or a database). */
export interface KnownLiterals {
  readonly admin?: string;
  readonly metadata?: string;
  readonly data?: string;
}

/** One literal replaced by a reference. */
export interface SecretRewrite {
  readonly path: string;
  readonly line: number;
  readonly secret: RewriteClass;
  readonly variable: string;
  /** For `other`: the value, to keep in .env under `variable` (never printed). */
  readonly value?: string;
}

/** The .env variable for a team's own secret: ADOPTED_, then the file and the key (`conf/database/wh.yaml` password → ADOPTED_CONF_DATABASE_WH_PASSWORD). */
export function adoptedVariable(path: string, key: string): string {
  const words = `${path.replace(/\.[^./]+$/, '')}_${key}`.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
  return `ADOPTED_${words.replace(/^_+|_+$/g, '')}`.slice(0, 120);
}

/** The .env variable of each class, from the Stack that owns them (never spelled here). */
export function secretTargets(stack: Stack, metadataDatabase: string): SecretTargets {
  const secrets = Object.values(stack.secrets);
  const find = (what: string, test: (secret: (typeof secrets)[number]) => boolean): string => {
    const found = secrets.find(test);
    if (!found) throw new Error(`The stack has no ${what} secret to adopt into.`);
    return found.name;
  };
  const metadataSecret = secrets.find((s) => s.role && s.role.role === s.role.superuser);
  const dataSecret = secrets.find((s) => s.role && s.role.role !== s.role.superuser);
  return {
    variables: {
      fernet: find('Fernet key', (s) => s.kind === 'fernet'),
      metadata: find('metadata database', (s) => s === metadataSecret),
      data: find('analytics database', (s) => s === dataSecret),
      admin: find('Airflow admin password', (s) => s.owner === 'airflow' && s.kind === 'password'),
      session: find('session signing key', (s) => s.owner === 'airflow' && /SECRET_KEY$/.test(s.name)),
    },
    roles: { metadata: metadataSecret!.role!.role, data: dataSecret!.role!.role },
    metadataDatabase,
  };
}

/** How a file spells a reference to an .env variable. */
function referenceFor(path: string, variable: string): string {
  const yaml = ['.yaml', '.yml'].includes(extname(path));
  // Empty when unset, so the settings still compose where .env is not loaded (a task that does not need it).
  if (yaml && path.startsWith('conf/')) return `\${oc.env:${variable},}`;
  if (yaml && path.startsWith('dbt/')) return `{{ env_var('${variable}') }}`;
  return `\${${variable}}`;
}

/** Files whose text is scanned whole: configuration, environment files, scripts and docs (Python: see rewriteSecretLiterals). */
export function isScannedFile(path: string): boolean {
  // A copy kept as compose.yaml.backup is read as what it copies.
  const name = (path.split('/').pop() ?? '').replace(/\.(backup|bak|orig|old)$/i, '');
  return (
    /\.(ya?ml|env|sh|md|txt|cfg|ini|conf|toml|json)$/i.test(name) ||
    name === '.env' ||
    name.startsWith('.env.')
  );
}

const KEYED =
  /(\b[\w.-]*?(password|passwd|secret_key|fernet_key)\b[*"'\s]{0,4}[:=](?![-=?+])[ \t]*)(["']?)([^\s"'#,}]+)\3/gi;
const SHELL_DEFAULT = /(\$\{([\w]*(?:PASSWORD|FERNET_KEY|SECRET_KEY)[\w]*):-)([^}]+)(\})/gi;
const URL_USERINFO =
  /(\b[a-z][\w+.-]*:\/\/)([^:\s/@"'$]+|\$\{[^}]*\}):([^@\s"'/]+)@([^\s"'/]*)\/?([\w$-]*)/gi;
const PASSWORD_FLAG = /(--password[ \t]+)(["']?)([^\s"'\\]+)\2/g;

const isReference = (value: string): boolean =>
  /^[$<{%]/.test(value) || value === '' || /^(null|none|~)$/i.test(value);

/**
 * Which secret a keyed literal is: by its key when the key says (a Fernet key, the admin's, the database owner's),
 * else by which of the template's values it is; a value the template never had is the team's own.
 */
function classOfKeyed(key: string, value: string, known: KnownLiterals): RewriteClass {
  if (/fernet/i.test(key) || FERNET_KEY.test(value)) return 'fernet';
  if (/secret_key/i.test(key)) return 'session';
  if (/www_user|admin/i.test(key)) return 'admin';
  if (/^postgres_password$/i.test(key)) return 'metadata';
  if (value === known.data) return 'data';
  if (value === known.admin) return 'admin';
  if (value === known.metadata) return 'metadata';
  return 'other';
}

/**
 * Replace every literal secret of a data-eng-template project in one file by a reference to the .env variable
 * that now holds it: `password: "postgres"` in conf/ becomes `${oc.env:ANALYTICS_DB_PASSWORD}`, a database URL's
 * password (and its user) the new stack's role, the Fernet key `${AIRFLOW_FERNET_KEY}`. Returns the new text and
 * each replacement; a file with no literal comes back unchanged.
 */
export function rewriteSecretLiterals(
  path: string,
  text: string,
  targets: SecretTargets,
  known: KnownLiterals & { readonly fernet?: string },
): { text: string; rewrites: SecretRewrite[] } {
  // In code only a database URL's password and the Fernet key are told apart from the code around them.
  const code = /\.py$/.test(path);
  if (!code && !isScannedFile(path)) return { text, rewrites: [] };
  const rewrites: SecretRewrite[] = [];
  const reference = (secret: SecretClass): string => referenceFor(path, targets.variables[secret]);
  const lines = text.split('\n').map((line, index) => {
    const note = (secret: SecretClass): void => {
      rewrites.push({ path, line: index + 1, secret, variable: targets.variables[secret] });
    };
    /** A literal of the team's own: its own .env variable, named after the file and the key. */
    const own = (key: string, value: string): string => {
      const variable = adoptedVariable(path, key);
      rewrites.push({ path, line: index + 1, secret: 'other', variable, value });
      return referenceFor(path, variable);
    };
    let out = line.replace(
      URL_USERINFO,
      (whole, scheme: string, user: string, password: string, host: string, database: string) => {
        if (isReference(password)) return whole;
        const tail = `@${host}${database ? `/${database}` : ''}`;
        if (![known.metadata, known.data, known.admin].includes(password)) {
          return `${scheme}${user}:${own(`${host.split(':')[0]}_${database}_url`, password)}${tail}`;
        }
        const secret: SecretClass =
          database === targets.metadataDatabase || database === '' ? 'metadata' : 'data';
        note(secret);
        const role = user.startsWith('$') ? user : targets.roles[secret === 'metadata' ? 'metadata' : 'data'];
        return `${scheme}${role}:${reference(secret)}@${host}${database ? `/${database}` : ''}`;
      },
    );
    if (code) {
      if (known.fernet && out.includes(known.fernet)) {
        note('fernet');
        out = out.split(known.fernet).join(reference('fernet'));
      }
      return out;
    }
    out = out.replace(KEYED, (whole, prefix: string, key: string, quote: string, value: string) => {
      if (isReference(value)) return whole;
      const keyName = prefix
        .trim()
        .replace(/[*"'\s:=]+$/, '')
        .replace(/^[-*\s]+/, '');
      const secret = classOfKeyed(keyName || key, value, known);
      let replacement: string;
      if (secret === 'other') replacement = own(keyName || key, value);
      else {
        note(secret);
        replacement = reference(secret);
      }
      // A dbt reference starts with `{`: YAML needs it quoted.
      const q = quote || (replacement.startsWith('{') ? '"' : '');
      return `${prefix}${q}${replacement}${q}`;
    });
    out = out.replace(SHELL_DEFAULT, (whole, head: string, name: string, value: string, tail: string) => {
      if (isReference(value)) return whole;
      const secret = classOfKeyed(name, value, known);
      if (secret === 'other') return `${head}${own(name, value)}${tail}`;
      note(secret);
      return `${head}${reference(secret)}${tail}`;
    });
    out = out.replace(PASSWORD_FLAG, (whole, flag: string, _quote: string, value: string) => {
      if (isReference(value)) return whole;
      note('admin');
      return `${flag}"${reference('admin')}"`;
    });
    if (known.fernet && out.includes(known.fernet)) {
      note('fernet');
      out = out.split(known.fernet).join(reference('fernet'));
    }
    return out;
  });
  let result = lines.join('\n');
  if (rewrites.some((r) => r.secret === 'data') && /\.ya?ml$/.test(path)) {
    result = pairUsersWithPasswords(result, reference('data'), targets.roles.data);
  }
  return { text: result, rewrites };
}

/** In YAML, a mapping whose password now reads the analytics role's variable gets that role as its user too. */
function pairUsersWithPasswords(text: string, dataReference: string, role: string): string {
  const document = parseDocument(text);
  if (document.errors.length > 0) return text;
  const edits: { start: number; end: number; text: string }[] = [];
  visit(document, {
    Map(_key, node) {
      const password = node.items.find(
        (item) => isScalar(item.key) && /^pass(word|wd)?$/i.test(String(item.key.value)),
      );
      if (!password || !isScalar(password.value) || password.value.value !== dataReference) return;
      for (const item of node.items) {
        const value = item.value;
        if (!isScalar(item.key) || !/^(user|username)$/.test(String(item.key.value))) continue;
        if (!isScalar(value) || value.value === role || !value.range) continue;
        const quoted = value.type === 'QUOTE_DOUBLE' || value.type === 'QUOTE_SINGLE';
        // Spliced into the text at the value's place, so the file keeps its layout and comments.
        edits.push({
          start: value.range[0],
          end: value.range[1],
          text: quoted ? JSON.stringify(role) : role,
        });
      }
    },
  });
  let out = text;
  for (const edit of edits.sort((a, b) => b.start - a.start)) {
    out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  }
  return out;
}
