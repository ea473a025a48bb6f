/** One service of compose.yaml as data-eng renders it; every key a plugin can produce is typed. */
export interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string; target: string; args?: Record<string, string> };
  profiles?: string[];
  entrypoint?: string[];
  command?: string[];
  user?: string;
  environment?: Record<string, string>;
  /** `IP:HOST:CONTAINER`, e.g. `127.0.0.1:${MOSQUITTO_PORT:-1883}:1883`. */
  ports?: string[];
  /** `SOURCE:TARGET[:ro]`. */
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: {
    test: string[];
    interval?: string;
    timeout?: string;
    retries?: number;
    start_period?: string;
  };
  restart?: string;
  labels?: Record<string, string>;
  [key: string]: unknown;
}

/** compose.yaml, parsed. */
export interface ComposeFile {
  name: string;
  services: Record<string, ComposeService>;
  volumes?: Record<string, { labels?: Record<string, string> } | null>;
  [key: string]: unknown;
}

/** .devcontainer/devcontainer.json, parsed. */
export interface DevcontainerFile {
  name: string;
  dockerComposeFile: string[];
  service: string;
  runServices: string[];
  /** `service:port`, e.g. `mosquitto:1883`. */
  forwardPorts: string[];
  portsAttributes: Record<string, { label: string }>;
  [key: string]: unknown;
}
