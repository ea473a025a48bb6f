import { HOOK_EXIT, PluginError } from '../../lib/plugins/public-api.js';
import { spawn } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import type { DcsmProject } from './dcsm-project.js';
import { SERVICES_FILE } from './render-services.js';

/** The `dcm` program on PATH, if DCSM is installed. */
export async function findDcm(env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(dir, 'dcm');
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this folder
    }
  }
  return undefined;
}

/** The dcm command line for an action; logs has no dcm command, the built-in runner reads them. */
export function dcmArguments(action: string, project: DcsmProject): string[] | undefined {
  const namespace = ['--namespace', project.names.namespace];
  switch (action) {
    case 'up':
      return ['up', '--config', join(project.ctx.projectDir, SERVICES_FILE), ...namespace];
    case 'down':
      return ['down', ...namespace];
    case 'status':
      return ['status', ...namespace];
    default:
      return undefined;
  }
}

/** Run DCSM's own `dcm` for an action, its output straight to the terminal. */
export async function runDcm(dcm: string, args: readonly string[], project: DcsmProject): Promise<void> {
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn(dcm, [...args], {
      cwd: project.ctx.projectDir,
      stdio: ['inherit', 'inherit', 'inherit'],
    });
    const onAbort = (): void => {
      child.kill('SIGINT');
    };
    project.ctx.signal.addEventListener('abort', onAbort, { once: true });
    child.on('error', reject);
    child.on('close', (exit) => {
      project.ctx.signal.removeEventListener('abort', onAbort);
      resolve(exit ?? 1);
    });
  });
  if (code !== 0 && !project.ctx.signal.aborted) {
    throw new PluginError(
      `dcm ${args[0]} failed (exit ${code}); see its output above, or set "runner": "builtin" under orchestrator-dcsm in .yo-rc.json to use the built-in runner.`,
      code === 6 ? HOOK_EXIT.unhealthy : 1,
    );
  }
}

/** Refuse the dcm runner when DCSM is not installed, with how to install it or switch back. */
export function dcmMissing(): PluginError {
  return new PluginError(
    'The orchestrator-dcsm runner is set to "dcm" but no dcm program is on PATH; install DCSM (pip install devcontainer-service-manager) or set "runner": "builtin" under orchestrator-dcsm in .yo-rc.json.',
    HOOK_EXIT.environment,
  );
}
