import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PACKAGE_NAME, PACKAGE_ROOT } from '../package-info.js';
import type { HostResolveData } from './host-resolve-hook.js';

let shared = false;

/**
 * From here on, `import 'generator-data-eng/...'` in any module of this thread resolves to the running package
 * (host-resolve-hook.ts), so a plugin installed without its own copy of the generator still loads, and shares
 * this one's classes. Registered once per thread (the hook worker registers it too), before the first
 * third-party plugin is imported. Run from the TypeScript sources (unit tests), there is no built hook and
 * imports resolve as usual.
 */
export async function shareHostPackage(): Promise<void> {
  if (shared) return;
  shared = true;
  const hook = new URL('./host-resolve-hook.js', import.meta.url);
  if (!existsSync(fileURLToPath(hook))) return;
  const { register } = await import('node:module');
  const data: HostResolveData = {
    packageName: PACKAGE_NAME,
    hostUrl: pathToFileURL(join(PACKAGE_ROOT, 'package.json')).href,
  };
  register(hook, { data });
}
