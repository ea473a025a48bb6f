/** Label keys on everything the runner creates; the first five are DCSM's own, so `dcm status` sees them too. */
export const LABEL = {
  namespace: 'devcontainer-service-manager.namespace',
  service: 'devcontainer-service-manager.service',
  project: 'devcontainer-service-manager.project',
  branch: 'devcontainer-service-manager.branch',
  template: 'devcontainer-service-manager.template',
  dataEngProject: 'io.data-eng.project',
  configHash: 'io.data-eng.config-hash',
  persistent: 'io.data-eng.persistent',
  volume: 'io.data-eng.volume',
} as const;

/** Docker names of one namespace: `<namespace>_<service>`, `<namespace>_<volume>`, `<namespace>_default`. */
export interface Names {
  readonly namespace: string;
  readonly project: string;
  readonly branch: string;
  readonly network: string;
  container(service: string): string;
  volume(volume: string): string;
  /** Labels every object of the namespace carries. */
  readonly labels: Readonly<Record<string, string>>;
}

export function namesFor(namespace: string, project: string, branch: string): Names {
  return {
    namespace,
    project,
    branch,
    network: `${namespace}_default`,
    container: (service) => `${namespace}_${service}`,
    volume: (volume) => `${namespace}_${volume}`,
    labels: {
      [LABEL.namespace]: namespace,
      [LABEL.project]: project,
      [LABEL.branch]: branch,
      [LABEL.dataEngProject]: project,
    },
  };
}

/** A label filter for the engine's list calls. */
export function labelFilter(...labels: string[]): string {
  return JSON.stringify({ label: labels });
}
