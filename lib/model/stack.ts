import type { EnvValue } from './env-value.js';

export type DependencyCondition = 'service_started' | 'service_healthy' | 'service_completed_successfully';

export interface HealthCheck {
  /** Exec form, as Docker's HEALTHCHECK CMD takes it: ['CMD', 'pg_isready', ...] or ['CMD-SHELL', '...']. */
  readonly test: readonly string[];
  readonly interval?: string;
  readonly timeout?: string;
  readonly retries?: number;
  readonly startPeriod?: string;
}

export interface PortBinding {
  readonly container: number;
  /** Host port; `auto` lets an orchestrator pick a free one. */
  readonly host: number | 'auto';
  /** The `.env` variable that overrides the host port, e.g. POSTGRES_PORT. */
  readonly hostVariable?: string;
  /** Defaults to 127.0.0.1: nothing is published on every interface unless asked for. */
  readonly hostIp?: string;
  /** A human label, used for devcontainer port attributes and status output. */
  readonly label?: string;
  /**
   * Show it in the dev container's Ports view under its label. The port is already published on the host, so
   * the dev container does not forward it a second time (VS Code would find the host port taken).
   */
  readonly forward?: boolean;
}

export interface VolumeMount {
  readonly type: 'volume' | 'bind';
  /** A named volume of the Stack, or a path relative to the project for bind mounts. */
  readonly source: string;
  readonly target: string;
  readonly readOnly?: boolean;
}

export interface ServiceBuild {
  /** Name of an entry in Stack.builds. */
  readonly build: string;
  /** The Dockerfile stage to build. */
  readonly target: string;
}

export interface Service {
  readonly name: string;
  /** Which component or plugin contributed it; removing that plugin removes the service. */
  readonly owner: string;
  readonly description?: string;
  readonly image?: EnvValue;
  readonly build?: ServiceBuild;
  readonly command?: readonly string[];
  readonly entrypoint?: readonly string[];
  readonly user?: EnvValue;
  readonly environment: Readonly<Record<string, EnvValue>>;
  readonly ports: readonly PortBinding[];
  readonly healthcheck?: HealthCheck;
  readonly dependsOn: Readonly<Record<string, DependencyCondition>>;
  readonly volumes: readonly VolumeMount[];
  /** Persistent services keep their data across down/up; ephemeral ones are removed on stop. */
  readonly persistent: boolean;
  readonly labels: Readonly<Record<string, string>>;
  readonly restart?: 'no' | 'always' | 'unless-stopped' | 'on-failure';
  /** Compose profiles: a service in a profile only starts when the profile is enabled. */
  readonly profiles?: readonly string[];
  /** A one-shot service (init, migrations): runs to completion, never health-checked. */
  readonly oneShot?: boolean;
}

export interface Volume {
  readonly name: string;
  readonly owner: string;
  readonly persistent: boolean;
}

export interface ImageBuild {
  readonly name: string;
  readonly owner: string;
  /** Relative to `context`, as compose and the build cache read it. */
  readonly dockerfile: string;
  readonly context: string;
  readonly args: Readonly<Record<string, EnvValue>>;
  /**
   * BuildKit secrets by id, each read from a `.env` setting or secret of the project: values a RUN step needs
   * that must stay out of the image's history and `docker inspect` (a package index URL with credentials).
   * A RUN step mounts one with `--mount=type=secret,id=<id>`; compose and the build cache pass it.
   */
  readonly secrets?: Readonly<Record<string, string>>;
  /** Stages in build order; each is a valid target. */
  readonly stages: readonly string[];
}

export type SecretKind = 'fernet' | 'password' | 'token' | 'external';

/** The database role a password secret is the password of: where `data-eng secrets rotate` changes it. */
export interface SecretRole {
  /** The PostgreSQL service that holds the role. */
  readonly service: string;
  readonly role: string;
  /** Who may change the role's password there, over the service's local socket, and in which database. */
  readonly superuser: string;
  readonly database: string;
}

export interface Secret {
  /** The `.env` variable that holds it. */
  readonly name: string;
  readonly owner: string;
  readonly kind: SecretKind;
  readonly description: string;
  /** For a password: the role it belongs to, so a rotation changes it in the database first. */
  readonly role?: SecretRole;
  /** For a password kept where it is used (no role): how a person changes it there, for `secrets rotate`. */
  readonly changedWith?: string;
}

/** A non-secret `.env` setting with a default, such as a host port or an image override. */
export interface Setting {
  readonly name: string;
  readonly owner: string;
  readonly value: string;
  readonly description: string;
}

export interface DevContainer {
  readonly service: string;
  readonly workspaceFolder: string;
  readonly extensions: readonly string[];
  readonly postCreateCommand?: string;
  readonly remoteUser?: string;
  /** VS Code settings of the workspace, e.g. where an extension finds its interpreter. */
  readonly settings?: Readonly<Record<string, unknown>>;
}

export interface ProjectInfo {
  /** Slug: lowercase letters, digits and hyphens. Used for compose, images and packages. */
  readonly name: string;
  /** Free text for people; escaped wherever it appears. */
  readonly title: string;
  readonly description: string;
  /** Python package name derived from the slug. */
  readonly packageName: string;
}

/** The whole project as plain data: the single source every derived file is rendered from. */
export interface Stack {
  readonly project: ProjectInfo;
  readonly services: Readonly<Record<string, Service>>;
  readonly volumes: Readonly<Record<string, Volume>>;
  readonly builds: Readonly<Record<string, ImageBuild>>;
  readonly secrets: Readonly<Record<string, Secret>>;
  readonly settings: Readonly<Record<string, Setting>>;
  readonly devcontainer?: DevContainer;
}
