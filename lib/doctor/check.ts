import type { OpenProject } from '../project/open-project.js';

export type CheckStatus = 'pass' | 'fail' | 'warn' | 'skip';

/** One finding of `data-eng doctor`: what was checked, the outcome, and what to do about it. */
export interface CheckResult {
  readonly id: string;
  readonly title: string;
  readonly status: CheckStatus;
  /** What was found, e.g. "Docker 20.10.24 (API 1.41) at /var/run/docker.sock". */
  readonly detail: string;
  /** For fail and warn: the next step, as a command or a setting to change. */
  readonly fix?: string;
}

export interface DoctorContext {
  /** The project around the current folder, if any; project-specific checks skip without it. */
  readonly project?: Pick<OpenProject, 'dir' | 'config' | 'stack' | 'settingsOf'>;
  readonly env: NodeJS.ProcessEnv;
  readonly signal: AbortSignal;
}

/** A group of related checks (docker, resources, kerberos...). */
export interface DoctorCheck {
  readonly id: string;
  run(context: DoctorContext): Promise<CheckResult[]>;
}
