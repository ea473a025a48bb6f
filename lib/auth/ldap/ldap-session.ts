import { isIP } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import { Client } from 'ldapts';
import type { LdapTransport, LdapUrl } from '../settings/settings.js';

/** How to reach a DC: the CA to trust and how long to wait. */
export interface SessionOptions {
  /** The CA certificates (PEM) the DC's certificate must chain to. */
  readonly caPem?: string;
  /** Per connection attempt and per operation. */
  readonly timeoutMs: number;
}

function tlsOptions(url: LdapUrl, caPem: string | undefined): ConnectionOptions {
  const host = url.host.replace(/^\[|\]$/g, '');
  return {
    host,
    // SNI takes names only; the certificate is still checked against an IP address through `host`.
    ...(isIP(host) ? {} : { servername: host }),
    ...(caPem ? { ca: [caPem] } : {}),
    rejectUnauthorized: true,
  };
}

/** An LDAP connection to one DC, encrypted as the project asks: LDAPS, StartTLS, or (opted in) plain. */
export async function openSession(
  url: LdapUrl,
  transport: LdapTransport,
  options: SessionOptions,
): Promise<Client> {
  const client = new Client({
    url: url.url,
    timeout: options.timeoutMs,
    connectTimeout: options.timeoutMs,
    ...(transport === 'ldaps' ? { tlsOptions: tlsOptions(url, options.caPem) } : {}),
  });
  if (transport === 'starttls') {
    try {
      await client.startTLS(tlsOptions(url, options.caPem));
    } catch (error) {
      await closeSession(client);
      throw error;
    }
  }
  return client;
}

/** Unbind and close; never throws (the connection may already be gone). */
export async function closeSession(client: Client): Promise<void> {
  try {
    await client.unbind();
  } catch {
    // The connection is already gone; nothing to release.
  }
}

/** One attribute as a list of strings, whatever shape ldapts returns it in. */
export function values(entry: Record<string, unknown>, attribute: string): string[] {
  const key = Object.keys(entry).find((name) => name.toLowerCase() === attribute.toLowerCase());
  const value = key === undefined ? undefined : entry[key];
  if (value === undefined) return [];
  const items = Array.isArray(value) ? value : [value];
  return items.map((item) => (Buffer.isBuffer(item) ? item.toString('utf8') : String(item)));
}
