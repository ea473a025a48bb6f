/**
 * Distinguished names the way Active Directory writes them. Flask-AppBuilder compares group DNs as exact
 * strings, so these helpers keep the user's spelling and only tidy what AD itself never writes (spaces
 * around separators); case-insensitive comparison is used to explain a near miss, never to grant a role.
 */

const ATTRIBUTE = /^(?:[A-Za-z][A-Za-z0-9-]*|\d+(?:\.\d+)+)$/;

/** The RDNs of a DN, split on unescaped commas, each trimmed and with spaces around its `=` removed. */
export function splitDn(dn: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let index = 0; index < dn.length; index++) {
    const char = dn[index]!;
    if (char === '\\' && index + 1 < dn.length) {
      current += char + dn[index + 1]!;
      index++;
    } else if (char === ',' || char === ';') {
      parts.push(current);
      current = '';
    } else current += char;
  }
  parts.push(current);
  return parts.map((rdn) => {
    const equals = rdn.indexOf('=');
    if (equals < 0) return rdn.trim();
    return `${rdn.slice(0, equals).trim()}=${rdn.slice(equals + 1).trim()}`;
  });
}

/** A DN with the spacing AD uses: `CN=Airflow Admins,OU=Groups,DC=corp,DC=example,DC=com`. */
export function tidyDn(dn: string): string {
  return splitDn(dn).join(',');
}

/** A key for case-insensitive DN comparison (AD's own matching rule for DNs). */
export function dnKey(dn: string): string {
  return tidyDn(dn).toLowerCase();
}

/** Whether every RDN of `text` is `attribute=value` with a non-empty value. */
export function looksLikeDn(text: string): boolean {
  if (text.trim() === '') return false;
  return splitDn(text).every((rdn) => {
    const equals = rdn.indexOf('=');
    return equals > 0 && ATTRIBUTE.test(rdn.slice(0, equals)) && rdn.length > equals + 1;
  });
}

/** Whether `dn` is `base` or lies below it. */
export function isDnUnder(dn: string, base: string): boolean {
  const child = splitDn(dn).map((rdn) => rdn.toLowerCase());
  const parent = splitDn(base).map((rdn) => rdn.toLowerCase());
  if (parent.length > child.length) return false;
  return parent.every((rdn, index) => child[child.length - parent.length + index] === rdn);
}

/** The domain's naming context: corp.example.com → DC=corp,DC=example,DC=com. */
export function domainToBaseDn(domain: string): string {
  return domain
    .split('.')
    .filter(Boolean)
    .map((label) => `DC=${label}`)
    .join(',');
}

/** The value of the first RDN: CN=Airflow Admins,OU=Groups,... → Airflow Admins. */
export function firstRdnValue(dn: string): string {
  const first = splitDn(dn)[0] ?? '';
  return first.slice(first.indexOf('=') + 1);
}

/** Escape a value for use inside an LDAP search filter (RFC 4515). */
export function escapeFilterValue(value: string): string {
  return value.replace(/[\\*()\0]/g, (char) => `\\${char.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
