/** The parts of a krb5.conf the doctor needs: libdefaults, and each realm's KDCs. */
export interface Krb5Conf {
  readonly libdefaults: Readonly<Record<string, string>>;
  readonly realms: Readonly<Record<string, { readonly kdc: readonly string[] }>>;
}

/** Parse krb5.conf text (MIT profile syntax: [sections], key = value, NAME = { ... } blocks). */
export function parseKrb5Conf(text: string): Krb5Conf {
  const libdefaults: Record<string, string> = {};
  const realms: Record<string, { kdc: string[] }> = {};
  let section = '';
  let realm: string | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/^\s*[#;].*$/, '').trim();
    if (!line) continue;
    const header = /^\[([^\]]+)\]$/.exec(line);
    if (header) {
      section = header[1]!.trim();
      realm = undefined;
      continue;
    }
    if (line === '}') {
      realm = undefined;
      continue;
    }
    const pair = /^([^=\s]+)\s*=\s*(.*)$/.exec(line);
    if (!pair) continue;
    const [, key, value] = pair as unknown as [string, string, string];
    if (section === 'realms' && value === '{') {
      realm = key;
      realms[realm] ??= { kdc: [] };
    } else if (section === 'realms' && realm && key === 'kdc') {
      realms[realm]!.kdc.push(value);
    } else if (section === 'libdefaults' && !realm && !(key in libdefaults)) {
      libdefaults[key] = value;
    }
  }
  return { libdefaults, realms };
}

/** A KDC entry `host[:port]` as a host and a port (88 by default). */
export function kdcAddress(entry: string): { host: string; port: number } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracketed) return { host: bracketed[1]!, port: Number(bracketed[2] ?? 88) };
  const [host, port] = entry.split(':');
  return { host: host!, port: Number(port ?? 88) };
}
