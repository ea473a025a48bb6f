// A module resolution hook (node:module register) that makes a third-party plugin's
// `import ... from 'generator-data-eng/plugin'` load the generator that is running, not a copy of its own.
// A plugin then needs no generator in its node_modules, and shares the running one's classes and version.

/** What load-plugins.ts passes when it registers this hook. */
export interface HostResolveData {
  /** The package name plugins import, generator-data-eng. */
  readonly packageName: string;
  /** A file URL inside the running package (its package.json): its exports resolve the import. */
  readonly hostUrl: string;
}

interface ResolveContext {
  readonly parentURL?: string;
  readonly conditions?: readonly string[];
  readonly importAttributes?: Record<string, string>;
}
type NextResolve = (specifier: string, context?: ResolveContext) => unknown;

let host: HostResolveData | undefined;

export function initialize(data: HostResolveData): void {
  host = data;
}

export function resolve(specifier: string, context: ResolveContext, nextResolve: NextResolve): unknown {
  if (host && (specifier === host.packageName || specifier.startsWith(`${host.packageName}/`))) {
    // Resolved as a self-reference from inside the running package, through its "exports".
    return nextResolve(specifier, { ...context, parentURL: host.hostUrl });
  }
  return nextResolve(specifier, context);
}
