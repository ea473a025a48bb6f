import { extname } from 'node:path';
import { isMap, isPair, isScalar, parseDocument, visit, type Scalar } from 'yaml';
import type { Stack } from '../model/stack.js';

/** The template's own secrets, by what they protect: each maps to the new stack's variable for it. */
export type SecretClass = 'fernet' | 'metadata' | 'data' | 'admin';

/** A literal that is none of the template's own secrets (a team's warehouse password): kept in .env under its own name. */
export type RewriteClass = SecretClass | 'other';

/** For each class: the .env variable of the new stack that holds it, and the role a database password belongs to. */
export interface SecretTargets {
  readonly variables: Readonly<Record<SecretClass, string>>;
  readonly roles: { readonly metadata: string; readonly data: string };
  readonly metadataDatabase: string;
}

/** The template's known literal values: a literal equal to one of them is that secret; any other is the team's own. */
export interface KnownLiterals {
  /** Every Fernet key the template's files hold (the stack's own first). */
  readonly fernet: readonly string[];
  readonly admin?: string;
  readonly metadata?: string;
  readonly data?: string;
  /** Other passwords the template's stack files set (postgres.env's, airflow.env's): the template's, not the team's. */
  readonly stack?: readonly string[];
  /** Host names of the template's PostgreSQL (`postgres`, DCSM's `<namespace>_postgres`). */
  readonly postgresHosts: readonly string[];
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

/** The variables adoption gives the team's own secrets, by name, with their values: one name per distinct value. */
export class OwnSecrets {
  readonly values = new Map<string, string>();
  /**
   * Secrets left where they were: .env cannot hold their value (`value`: a quote, a line break), or nothing in the
   * file reads .env (`image`: a Dockerfile's ENV or ARG; `sql`: a role's password in SQL).
   */
  readonly unmovable: { path: string; line: number; key: string; why: 'value' | 'image' | 'sql' }[] = [];
  /** YAML files that do not parse, so were not searched. */
  readonly unreadable: string[] = [];

  /**
   * The variable for a value: the one that already holds it (the same secret in two files is one variable), else
   * ADOPTED_, then the file and the key; `_2`, `_3`... when that name already holds another value.
   */
  name(path: string, key: string, value: string): string {
    const found = this.variableFor(path, key, value);
    this.uses.set(found, new Set([...(this.uses.get(found) ?? []), `${path} (${key})`]));
    return found;
  }

  /** Where each variable's value was found: `conf/a.yaml (api_token)`. */
  readonly uses = new Map<string, Set<string>>();

  /** Variables that hold one value found under different keys: maybe one secret, maybe two that happen to match. */
  shared(): { variable: string; where: string[] }[] {
    return [...this.uses]
      .filter(
        ([, where]) =>
          new Set([...where].map((w) => w.replace(/^.* \((?:.*[._])?(.*)\)$/, '$1').toLowerCase())).size > 1,
      )
      .map(([variable, where]) => ({ variable, where: [...where] }));
  }

  private variableFor(path: string, key: string, value: string): string {
    for (const [name, held] of this.values) if (held === value) return name;
    const base = adoptedVariable(path, key);
    for (let n = 1; ; n++) {
      const name = n === 1 ? base : `${base}_${n}`;
      const held = this.values.get(name);
      if (held === undefined) this.values.set(name, value);
      if (held === undefined || held === value) return name;
    }
  }
}

/** `conf/database/wh.yaml` and `password` → ADOPTED_CONF_DATABASE_WH_PASSWORD. */
export function adoptedVariable(path: string, key: string): string {
  const words = `${path.replace(/\.[^./]+$/, '')}_${key}`.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
  return `ADOPTED_${words.replace(/^_+|_+$/g, '')}`.slice(0, 120);
}

/** The .env variable of each class, from the Stack that owns them (never spelled here). */
export function secretTargets(stack: Stack): SecretTargets {
  const secrets = Object.values(stack.secrets);
  const find = (what: string, test: (secret: (typeof secrets)[number]) => boolean) => {
    const found = secrets.find(test);
    if (!found) throw new Error(`The stack has no ${what} secret to adopt into.`);
    return found;
  };
  const metadata = find('metadata database', (s) => Boolean(s.role && s.role.role === s.role.superuser));
  const data = find('analytics database', (s) => Boolean(s.role && s.role.role !== s.role.superuser));
  return {
    variables: {
      fernet: find('Fernet key', (s) => s.kind === 'fernet').name,
      metadata: metadata.name,
      data: data.name,
      admin: find('Airflow admin password', (s) => s.owner === 'airflow' && s.kind === 'password').name,
    },
    roles: { metadata: metadata.role!.role, data: data.role!.role },
    metadataDatabase: metadata.role!.database,
  };
}

/** A key that names a secret: its last word is password, secret, token, a private or access key... */
export const SECRET_KEY =
  /(^pg|^|[._\-\s*])(password|passwd|pwd|secret|secret_key|token|auth_token|api_key|apikey|access_key|secret_access_key|private_key|fernet_key|client_secret)$/i;

/** A format field or positional placeholder: `{name}`, `{0}`, `%s`, `%(name)s`, `$1`. */
const FIELD = /\{[\w.:[\]'"-]*\}|%(\(\w+\))?[sd]|\$\w+/g;

/**
 * A value that is not a literal: it interpolates (`${X}`, `$(cmd)`, `{{ x }}`, `{% ... %}`), is one placeholder of some
 * language and nothing else but punctuation (`$1`, `{name}`, `%s`, `%(x)s`, `<your password>`, a backquoted command,
 * Hydra's `???`), or is empty. A secret that merely contains a `$`, `%s` or braces (`$ecretP@ss`, `ab{c}de`) is a
 * literal.
 */
const isReference = (value: string): boolean => {
  const v = value.trim();
  if (v === '' || /^(null|none|~|\?\?\?|changeme|change-me|xxx+|\*+)$/i.test(v)) return true;
  if (/\$\{|\$\(|\{\{|\}\}|\{%/.test(v) || /^<[^<>]*>$/.test(v) || /^`[^`]*`$/.test(v)) return true;
  const fields = v.match(FIELD) ?? [];
  return fields.length === 1 && !/[A-Za-z0-9]/.test(v.replace(FIELD, ''));
};

/** The keys the template itself writes its secrets under: only there is a template value taken for the template's. */
const TEMPLATE_KEY =
  /^(password|postgres_password|_airflow_www_user_password|airflow__core__fernet_key|fernet_key|db_password)$/i;

type FileKind = 'yaml' | 'env' | 'shell' | 'python' | 'prose' | 'config' | 'dockerfile' | 'sql' | 'other';

function kindOf(path: string): FileKind {
  // A copy kept as compose.yaml.backup is read as what it copies.
  const name = (path.split('/').pop() ?? '').replace(/\.(backup|bak|orig|old)$/i, '');
  if (/\.ya?ml$/i.test(name)) return 'yaml';
  if (name === '.env' || name.startsWith('.env.') || /\.env$/i.test(name)) return 'env';
  if (/\.(sh|bash)$/i.test(name)) return 'shell';
  if (/\.py$/i.test(name)) return 'python';
  if (/\.(md|txt|rst)$/i.test(name)) return 'prose';
  if (/\.(toml|cfg|ini|conf|json)$/i.test(name)) return 'config';
  if (/^(dockerfile|containerfile)([.-].*)?$|\.dockerfile$/i.test(name)) return 'dockerfile';
  if (/\.sql$/i.test(name)) return 'sql';
  return 'other';
}

/** A file docker compose reads (and interpolates): `compose.yaml`, `docker-compose.override.yml`, their kept copies. */
const isComposeFile = (path: string): boolean =>
  /^(docker-)?compose([.-][\w.-]*)?\.ya?ml(\.(backup|bak|orig|old))?$/i.test(path.split('/').pop() ?? '');

function parsesAsJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** How a file spells a reference to an .env variable. */
function referenceFor(path: string, variable: string): string {
  const yaml = ['.yaml', '.yml'].includes(extname(path));
  // Empty when unset, so the settings still compose where .env is not loaded (a task that does not need it).
  if (yaml && path.startsWith('conf/')) return `\${oc.env:${variable},}`;
  if (yaml && path.startsWith('dbt/')) return `{{ env_var('${variable}') }}`;
  return `\${${variable}}`;
}

/** Whether a value holds a database URL with a password (a copy of URL_USERINFO without its global state). */
const hasUrl = (value: string): boolean => new RegExp(URL_USERINFO.source, 'i').test(value);

const URL_USERINFO =
  /\b([a-z][\w+.-]*:\/\/)([^:\s/@"'$]+|\$\{[^}]*\}):([^@\s"'/]+)@([^\s"'/:]*)(:\d+)?(\/[\w$-]*)?/gi;

/** Whether a value holds a database URL whose password is a literal. */
function hasUrlPassword(value: string): boolean {
  return [...value.matchAll(new RegExp(URL_USERINFO.source, 'gi'))].some((m) => !isReference(m[3]!));
}

export interface RewriteOptions {
  /** Give a database URL or mapping the new stack's role as its user (files that stay in use; not kept copies). */
  readonly rewriteUsers: boolean;
  readonly own: OwnSecrets;
}

/**
 * Replace every literal secret in one file by a reference to the .env variable that holds it from now on. The
 * template's own secrets (its Fernet keys, its admin, database-owner and pipeline passwords) map to the new stack's
 * variables; any other literal under a secret's key is the team's own and keeps its value in .env under
 * `ADOPTED_<FILE>_<KEY>`. YAML is edited through its parser, so a value's quoting, anchors and block style do not
 * matter and the rest of the file keeps its bytes; env files and scripts line by line; prose and code only where the
 * value is certain (a database URL, a known template literal). Returns the new text and each replacement.
 */
export function rewriteSecretLiterals(
  path: string,
  text: string,
  targets: SecretTargets,
  known: KnownLiterals,
  options: RewriteOptions,
): { text: string; rewrites: SecretRewrite[] } {
  // JSON is YAML: a .json file that parses is read by keys, wherever they are on its lines.
  const kind =
    kindOf(path) === 'config' && /\.json$/i.test(path) && parsesAsJson(text) ? 'yaml' : kindOf(path);
  if (kind === 'other') return { text, rewrites: [] };
  const rewrites: SecretRewrite[] = [];
  const composeFile = kind === 'yaml' && isComposeFile(path);
  const lineAt = (offset: number): number => text.slice(0, offset).split('\n').length;
  const knownValues = [known.admin, known.metadata, known.data, ...(known.stack ?? [])].filter(
    (v): v is string => Boolean(v),
  );

  /** The reference for one literal under `key` (or in a URL), noted at `line`. */
  const replace = (
    key: string,
    written: string,
    line: number,
    given?: RewriteClass,
    elsewhere = false,
  ): string => {
    // Compose reads `$$` as one `$`: the secret is what compose passed on, and .env holds it literally. A value left
    // where it is keeps its spelling.
    const value = composeFile ? written.replaceAll('$$', '$') : written;
    const secret = given ?? classOf(key, value, known, elsewhere);
    if (secret === 'other') {
      // .env holds neither a quote nor a line break: such a value stays where it is, and the report says so.
      if (/['\r\n]/.test(value)) {
        options.own.unmovable.push({ path, line, key, why: 'value' });
        return written;
      }
      const variable = options.own.name(path, key, value);
      rewrites.push({ path, line, secret, variable, value });
      return referenceFor(path, variable);
    }
    rewrites.push({ path, line, secret, variable: targets.variables[secret] });
    return referenceFor(path, targets.variables[secret]);
  };

  /** Database URLs in a string: the password (and, for the template's PostgreSQL, the user) replaced. */
  const rewriteUrls = (value: string, line: number): string =>
    value.replace(
      URL_USERINFO,
      (whole, scheme: string, user: string, password: string, host: string, port = '', database = '') => {
        if (isReference(password)) return whole;
        const ours = known.postgresHosts.includes(host) && knownValues.includes(password);
        if (!ours) {
          if (kind === 'prose') return whole; // prose: only what is certainly the template's
          return `${scheme}${user}:${replace(`${host}_url`, password, line, 'other')}@${host}${port}${database}`;
        }
        const db = database.replace(/^\//, '');
        const secret: SecretClass = db === '' || db === targets.metadataDatabase ? 'metadata' : 'data';
        const role =
          options.rewriteUsers && !user.startsWith('$')
            ? targets.roles[secret === 'metadata' ? 'metadata' : 'data']
            : user;
        return `${scheme}${role}:${replace('url', password, line, secret)}@${host}${port}${database}`;
      },
    );

  /** `${KEY:-default}` where KEY names a secret: the default is a literal too (compose and shell alike). */
  const rewriteDefaults = (value: string, line: number): string =>
    value.replace(
      /(\$\{([A-Za-z_]\w*):?[-=])([^}]*)(\})/g,
      (whole, head: string, key: string, fallback: string, end: string) =>
        SECRET_KEY.test(key) && !isReference(fallback)
          ? `${head}${replace(key, fallback, line)}${end}`
          : whole,
    );

  /** `--password VALUE` on a command line (in prose only a template literal). */
  const rewriteFlag = (value: string, line: number): string =>
    value.replace(
      /(--password[ \t]+)(["']?)([^\s"'\\]+)\2/g,
      (whole, flag: string, _q: string, literal: string) =>
        isReference(literal) || (kind === 'prose' && !knownValues.includes(literal))
          ? whole
          : `${flag}"${replace('password', literal, line)}"`,
    );

  /** Fernet keys of the template's wherever they are written. */
  const rewriteFernet = (value: string, line: number): string => {
    let out = value;
    for (const key of known.fernet) {
      if (!out.includes(key)) continue;
      out = out.split(key).join(replace('fernet_key', key, line, 'fernet'));
    }
    return out;
  };

  if (kind === 'yaml') {
    const result = rewriteYaml(
      text,
      (key, value, offset, host) => {
        const line = lineAt(offset);
        if (key !== undefined && SECRET_KEY.test(key) && !isReference(value) && !hasUrl(value)) {
          return replace(
            key,
            value,
            line,
            undefined,
            host !== undefined && !known.postgresHosts.includes(host),
          );
        }
        // `KEY=value` items of a compose environment list.
        const item = /^([A-Za-z_][\w.]*)=(.*)$/s.exec(value);
        if (item && SECRET_KEY.test(item[1]!) && !isReference(item[2]!))
          return `${item[1]}=${replace(item[1]!, item[2]!, line)}`;
        return rewriteFernet(rewriteUrls(rewriteFlag(rewriteDefaults(value, line), line), line), line);
      },
      () => options.own.unreadable.push(path),
    );
    let out = result;
    if (options.rewriteUsers && rewrites.some((r) => r.secret === 'data')) {
      out = pairUsersWithPasswords(out, referenceFor(path, targets.variables.data), targets.roles.data);
    }
    return { text: out, rewrites };
  }

  if (kind === 'dockerfile' || kind === 'sql') {
    // Neither reads .env, so a secret there cannot become a reference: it is named for the team to move by hand.
    const found = kind === 'dockerfile' ? imageSecrets(text) : sqlPasswords(text);
    for (const { line, key } of found)
      options.own.unmovable.push({ path, line, key, why: kind === 'sql' ? 'sql' : 'image' });
    return { text, rewrites };
  }

  const lines = text.split('\n').map((line, index) => {
    const number = index + 1;
    let out = line;
    if (kind === 'env' || kind === 'shell' || kind === 'config') {
      const assignment = /^(\s*(?:export\s+)?["']?)([A-Za-z_][\w.-]*)(["']?\s*[:=]\s*)(.*?)(\s*,?\s*)$/.exec(
        line,
      );
      if (assignment && SECRET_KEY.test(assignment[2]!)) {
        const [, head, key, equals, rawValue, tail] = assignment as unknown as string[];
        const { value, quote, rest } = splitValue(rawValue!, kind);
        if (!isReference(value) && !hasUrl(value)) {
          const reference = replace(key!, value, number);
          // A shell and compose read nothing inside single quotes: the reference goes in double ones.
          const q = quote === "'" && kind !== 'config' ? '"' : quote || (kind === 'config' ? '"' : '');
          return `${head}${key}${equals}${q}${reference}${q}${rest}${tail}`;
        }
      }
    }
    if (kind === 'shell' || kind === 'env') out = rewriteDefaults(out, number);
    if (kind !== 'python') out = rewriteFlag(out, number);
    if (kind === 'shell' || kind === 'env' || kind === 'config') {
      // A template literal under a secret's name anywhere in a line: `print("export X_PASSWORD='admin'")`.
      out = out.replace(
        /\b([A-Za-z_][\w.]*)([*"'\s]{0,4}[:=][ \t]*)(["'`]?)([^\s"'`,;)]+)\3/g,
        (whole, key: string, equals: string, quote: string, value: string, offset: number) => {
          if (!SECRET_KEY.test(key) || !knownValues.includes(value)) return whole;
          // Single quotes outside a double-quoted string keep the shell from expanding the reference.
          const insideDouble = (out.slice(0, offset).match(/(?<!\\)"/g) ?? []).length % 2 === 1;
          const q = quote === "'" && kind !== 'config' && !insideDouble ? '"' : quote;
          return `${key}${equals}${q}${replace(key, value, number)}${q}`;
        },
      );
    }
    if (kind === 'prose') {
      // Prose names a login only where the value is one of the template's: `**Password**: admin`.
      out = out.replace(
        /(\b(password|passwd)\b[*"'\s]{0,4}[:=][ \t]*)(["'`]?)([^\s"'`,]+)\3/gi,
        (whole, head: string, _key: string, quote: string, value: string) =>
          knownValues.includes(value)
            ? `${head}${quote}${replace('password', value, number)}${quote}`
            : whole,
      );
      // The template's admin login written as a pair, `(admin/admin)`, `-u admin:admin`, `log in with admin/admin.`:
      // only on a line about logging in, and never inside a path.
      const aboutLogin =
        /\b(log\s*-?in|login|sign\s*in|credentials?|password|user(name)?)\b|(^|\s)-u\s|\(\s*admin[/:]/i;
      if (known.admin && aboutLogin.test(out)) {
        const pair = new RegExp(
          `(?<![\\w/.-])(admin)([/:])(${known.admin.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')})(?=$|[\\s,;:!?)\\]*_\`'"]|\\.(?!\\w))`,
          'g',
        );
        out = out.replace(
          pair,
          (_whole, user: string, separator: string, value: string) =>
            `${user}${separator}${replace('password', value, number, 'admin')}`,
        );
      }
    }
    return rewriteFernet(rewriteUrls(out, number), number);
  });
  return { text: lines.join('\n'), rewrites };
}

/**
 * The secrets a Dockerfile bakes into the image: `ENV KEY=literal`, `ENV KEY literal`, `ARG KEY=literal`, and a
 * database URL with a password under any name; an instruction continued over lines (`\`) is read whole.
 */
function imageSecrets(text: string): { line: number; key: string }[] {
  const found: { line: number; key: string }[] = [];
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const start = index;
    let logical = lines[index]!;
    while (/\\\s*$/.test(logical) && index + 1 < lines.length)
      logical = logical.replace(/\\\s*$/, ' ') + lines[++index]!;
    const instruction = /^\s*(ENV|ARG)\s+(.*)$/is.exec(logical);
    if (!instruction) continue;
    const body = instruction[2]!.trim();
    const pairs = [...body.matchAll(/([A-Za-z_][\w.-]*)=("[^"]*"|'[^']*'|\S*)/g)].map(
      (m) => [m[1]!, m[2]!] as const,
    );
    // The legacy form, `ENV KEY value with spaces`.
    const legacy = /^([A-Za-z_][\w.-]*)\s+([^=\s].*)$/s.exec(body);
    if (pairs.length === 0 && legacy) pairs.push([legacy[1]!, legacy[2]!]);
    for (const [key, raw] of pairs) {
      const value = raw.replace(/^(["'])(.*)\1$/s, '$2');
      if ((SECRET_KEY.test(key) && !isReference(value)) || hasUrlPassword(value))
        found.push({ line: start + 1, key });
    }
  }
  return found;
}

/**
 * The roles SQL gives a literal password: `CREATE ROLE etl LOGIN PASSWORD 'x'`, over one line or several. A psql
 * `:'variable'` is not a literal, nor is a stored hash (md5..., SCRAM-SHA-256$...). A user mapping's password (a
 * foreign server's login) is named as the mapping's.
 */
function sqlPasswords(text: string): { line: number; key: string }[] {
  const statement =
    /\b(?:CREATE|ALTER)\s+(?:ROLE|USER)\s+(?!MAPPING\b)("?)([\w$-]+)\1[^;]*?\bPASSWORD\s+'((?:[^']|'')+)'/gi;
  const mapping = /\bUSER\s+MAPPING\s+FOR\s+("?)([\w$-]+)\1[^;]*?\bpassword\s+'((?:[^']|'')+)'/gi;
  const found = (re: RegExp, what: string) =>
    [...text.matchAll(re)]
      .filter((m) => !isReference(m[3]!) && !/^(md5[0-9a-f]{32}|SCRAM-SHA-256\$)/i.test(m[3]!))
      .map((m) => ({
        line: text.slice(0, m.index + m[0].length).split('\n').length,
        key: `${what} ${m[2]}`,
      }));
  return [...found(statement, 'the role'), ...found(mapping, 'the user mapping for')].sort(
    (a, b) => a.line - b.line,
  );
}

/** An assignment's value: its quotes, and for env files and scripts the comment after an unquoted one. */
function splitValue(raw: string, kind: FileKind): { value: string; quote: string; rest: string } {
  const quoted = /^(["'])(.*)\1(.*)$/.exec(raw);
  if (quoted) return { value: quoted[2]!, quote: quoted[1]!, rest: quoted[3]! };
  const comment = kind === 'config' ? /\s+[#;].*$/.exec(raw) : /\s+#.*$/.exec(raw);
  return comment
    ? { value: raw.slice(0, comment.index), quote: '', rest: raw.slice(comment.index) }
    : { value: raw, quote: '', rest: '' };
}

/** Which secret a keyed literal is: the template's own when its value is one of the template's, else the team's. */
function classOf(key: string, value: string, known: KnownLiterals, elsewhere = false): RewriteClass {
  if (known.fernet.includes(value)) return 'fernet';
  // A template default under a key of the team's (WAREHOUSE_PASSWORD), or for another host, is the team's value.
  if (elsewhere || !TEMPLATE_KEY.test(key.split('.').pop() ?? key)) return 'other';
  if (/www_user|admin/i.test(key) && value === known.admin) return 'admin';
  if (/^postgres_password$/i.test(key) && value === known.metadata) return 'metadata';
  if (value === known.data) return 'data';
  if (value === known.admin) return 'admin';
  if (value === known.metadata) return 'metadata';
  if (known.stack?.includes(value)) return /www_user|admin/i.test(key) ? 'admin' : 'metadata';
  return 'other';
}

/**
 * Every string scalar of a YAML text through `change(key, value, offset)`; a changed value is spliced in at its
 * place as a double-quoted scalar (a block scalar keeps its line break), so the rest of the file keeps its bytes.
 */
function rewriteYaml(
  text: string,
  change: (key: string | undefined, value: string, offset: number, host?: string) => string,
  unreadable: () => void,
): string {
  const document = parseDocument(text, { keepSourceTokens: false });
  if (document.errors.length > 0) {
    unreadable();
    return text;
  }
  const edits: { start: number; end: number; text: string }[] = [];
  const visitScalar = (key: string | undefined, node: Scalar, host?: string): void => {
    if (typeof node.value !== 'string' || !node.range) return;
    const next = change(key, node.value, node.range[0], host);
    if (next === node.value) return;
    const original = text.slice(node.range[0], node.range[1]);
    const newline = original.endsWith('\n') ? '\n' : '';
    edits.push({ start: node.range[0], end: node.range[1], text: JSON.stringify(next) + newline });
  };
  visit(document, {
    Pair(_key, pair, path) {
      if (isPair(pair) && isScalar(pair.value)) {
        // The host its mapping names, if any: a password for another host is not the template's.
        const parent = path.at(-1);
        const hostItem = isMap(parent)
          ? parent.items.find((item) => isScalar(item.key) && /^host(name)?$/i.test(String(item.key.value)))
          : undefined;
        const host = hostItem && isScalar(hostItem.value) ? String(hostItem.value.value) : undefined;
        visitScalar(isScalar(pair.key) ? String(pair.key.value) : undefined, pair.value, host);
        return visit.SKIP;
      }
      return undefined;
    },
    Scalar(_key, node) {
      visitScalar(undefined, node);
    },
  });
  let out = text;
  for (const edit of edits.sort((a, b) => b.start - a.start))
    out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return out;
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
        edits.push({
          start: value.range[0],
          end: value.range[1],
          text: quoted ? JSON.stringify(role) : role,
        });
      }
    },
  });
  let out = text;
  for (const edit of edits.sort((a, b) => b.start - a.start))
    out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return out;
}
