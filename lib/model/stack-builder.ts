import { compareNames } from './name-order.js';
import { STACK_SCHEMA } from './schema.js';
import type {
  DevContainer,
  ImageBuild,
  ProjectInfo,
  Secret,
  SecretKind,
  SecretRole,
  Service,
  Setting,
  Stack,
  Volume,
} from './stack.js';
import type { EnvValue } from './env-value.js';
import { referencedVariables, secretFilesOf } from './env-value.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** What a contributor passes to addService: everything but the name is optional. */
export type ServiceSpec = Partial<Omit<Service, 'owner'>> & { readonly name: string };

/**
 * The typed calls components and plugins use to describe their part of the project.
 * Each call is recorded under the contributor's name, so a plugin's removal removes exactly its parts.
 */
export interface StackApi {
  readonly project: ProjectInfo;
  addService(spec: ServiceSpec): void;
  /** Change a service another contributor added, e.g. add environment or volumes. */
  updateService(name: string, change: (service: Service) => Partial<Omit<Service, 'name' | 'owner'>>): void;
  addEnv(service: string, variables: Record<string, EnvValue>): void;
  addVolume(name: string, options?: { persistent?: boolean }): void;
  addBuild(build: Omit<ImageBuild, 'owner'>): void;
  /** A secret kept in `.env`; `options.role` names the database role a password belongs to. */
  addSecret(
    name: string,
    kind: SecretKind,
    description: string,
    options?: { role?: SecretRole; changedWith?: string },
  ): void;
  addSetting(name: string, value: string, description: string): void;
  forwardPort(service: string, container: number): void;
  setDevContainer(devcontainer: DevContainer): void;
  hasService(name: string): boolean;
  getService(name: string): Service | undefined;
}

export class StackBuilder {
  readonly #services: Record<string, Service> = {};
  readonly #volumes: Record<string, Volume> = {};
  readonly #builds: Record<string, ImageBuild> = {};
  readonly #secrets: Record<string, Secret> = {};
  readonly #settings: Record<string, Setting> = {};
  #devcontainer: DevContainer | undefined;

  constructor(readonly project: ProjectInfo) {}

  /** The API a contributor sees; every addition it makes is recorded under `owner`. */
  as(owner: string): StackApi {
    return {
      project: this.project,
      addService: (spec) => {
        this.#assertFree(this.#services, spec.name, 'service', owner);
        this.#services[spec.name] = {
          environment: {},
          ports: [],
          dependsOn: {},
          volumes: [],
          persistent: false,
          labels: {},
          ...spec,
          owner,
        };
      },
      updateService: (name, change) => {
        const current = this.#require(name, owner);
        this.#services[name] = { ...current, ...change(current), name, owner: current.owner };
      },
      addEnv: (name, variables) => {
        const current = this.#require(name, owner);
        this.#services[name] = { ...current, environment: { ...current.environment, ...variables } };
      },
      addVolume: (name, options = {}) => {
        this.#assertFree(this.#volumes, name, 'volume', owner);
        this.#volumes[name] = { name, owner, persistent: options.persistent ?? true };
      },
      addBuild: (build) => {
        this.#assertFree(this.#builds, build.name, 'image build', owner);
        this.#builds[build.name] = { ...build, owner };
      },
      addSecret: (name, kind, description, options = {}) => {
        this.#assertFree(this.#secrets, name, 'secret', owner);
        this.#secrets[name] = {
          name,
          owner,
          kind,
          description,
          ...(options.role ? { role: options.role } : {}),
          ...(options.changedWith ? { changedWith: options.changedWith } : {}),
        };
      },
      addSetting: (name, value, description) => {
        this.#assertFree(this.#settings, name, 'setting', owner);
        this.#settings[name] = { name, owner, value, description };
      },
      forwardPort: (name, container) => {
        const current = this.#require(name, owner);
        const ports = current.ports.map((port) =>
          port.container === container ? { ...port, forward: true } : port,
        );
        if (!ports.some((port) => port.container === container)) {
          throw new Error(
            `${owner} forwards port ${container} of "${name}", which does not publish it; add the port to the service first.`,
          );
        }
        this.#services[name] = { ...current, ports };
      },
      setDevContainer: (devcontainer) => {
        this.#devcontainer = devcontainer;
      },
      hasService: (name) => name in this.#services,
      getService: (name) => this.#services[name],
    };
  }

  /** Check references and the schema, and return the finished, frozen Stack. */
  build(): Stack {
    const stack: Mutable<Stack> = {
      project: this.project,
      services: sortByKey(this.#services),
      volumes: sortByKey(this.#volumes),
      builds: sortByKey(this.#builds),
      secrets: sortByKey(this.#secrets),
      settings: sortByKey(this.#settings),
    };
    if (this.#devcontainer) stack.devcontainer = this.#devcontainer;
    const parsed = STACK_SCHEMA.safeParse(stack);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new Error(`The project model is invalid at ${issue.path.join('.')}: ${issue.message}.`);
    }
    checkReferences(stack);
    checkHostPorts(stack);
    return stack;
  }

  #require(name: string, owner: string): Service {
    const service = this.#services[name];
    if (!service) {
      throw new Error(
        `${owner} changes service "${name}", which no enabled component provides; enable the component that adds it first.`,
      );
    }
    return service;
  }

  #assertFree(table: Record<string, { owner: string }>, name: string, kind: string, owner: string): void {
    const existing = table[name];
    if (existing) {
      throw new Error(
        `${owner} adds ${kind} "${name}", which ${existing.owner} already added; pick another name.`,
      );
    }
  }
}

function sortByKey<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => compareNames(a, b)));
}

/** Two services asked to publish the same host port: the answers collide. Exit code 2. */
export class PortCollisionError extends Error {
  override readonly name = 'PortCollisionError';
}

/** Refuse two services publishing one host port on one address: the second would never start. */
function checkHostPorts(stack: Stack): void {
  const taken = new Map<string, { service: string; variable?: string }>();
  for (const service of Object.values(stack.services)) {
    for (const port of service.ports) {
      if (port.host === 'auto') continue;
      const address = `${port.hostIp ?? '127.0.0.1'}:${port.host}`;
      const first = taken.get(address);
      if (first && first.service !== service.name) {
        const who = (name: string, variable?: string): string => (variable ? `${name} (${variable})` : name);
        throw new PortCollisionError(
          `Host port ${port.host} is asked for twice, by ${who(first.service, first.variable)} and ${who(service.name, port.hostVariable)}; give one of them another port with its flag (e.g. --postgres-port) or its answer in .yo-rc.json.`,
        );
      }
      taken.set(address, { service: service.name, variable: port.hostVariable });
    }
  }
}

function checkReferences(stack: Stack): void {
  const known = new Set([...Object.keys(stack.secrets), ...Object.keys(stack.settings)]);
  for (const service of Object.values(stack.services)) {
    for (const dependency of Object.keys(service.dependsOn)) {
      if (!stack.services[dependency]) {
        throw new Error(`Service "${service.name}" depends on "${dependency}", which is not in the project.`);
      }
    }
    for (const mount of service.volumes) {
      if (mount.type === 'volume' && !stack.volumes[mount.source]) {
        throw new Error(`Service "${service.name}" mounts volume "${mount.source}", which is not declared.`);
      }
    }
    if (service.build && !stack.builds[service.build.build]) {
      throw new Error(`Service "${service.name}" builds "${service.build.build}", which is not declared.`);
    }
    const values = [...Object.values(service.environment), ...(service.image ? [service.image] : [])];
    for (const name of values.flatMap(secretFilesOf)) {
      if (!stack.secrets[name]) {
        throw new Error(
          `Service "${service.name}" mounts the file of ${name}, which is not a secret of the project; declare it with addSecret.`,
        );
      }
    }
    for (const variable of values.flatMap(referencedVariables)) {
      if (!known.has(variable)) {
        throw new Error(
          `Service "${service.name}" uses \${${variable}}, which is neither a secret nor a setting of the project.`,
        );
      }
    }
  }
  for (const build of Object.values(stack.builds)) {
    for (const [id, variable] of Object.entries(build.secrets ?? {})) {
      if (!known.has(variable)) {
        throw new Error(
          `Image build "${build.name}" reads its build secret "${id}" from ${variable}, which is neither a secret nor a setting of the project.`,
        );
      }
    }
  }
  if (stack.devcontainer && !stack.services[stack.devcontainer.service]) {
    throw new Error(
      `The dev container attaches to "${stack.devcontainer.service}", which is not in the project.`,
    );
  }
}
