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
  /** Set only for ports compose does not publish; a published one is listed in portsAttributes instead. */
  forwardPorts?: string[];
  /** Labels of the published ports, by host port, e.g. `{ "1883": { label: "MQTT broker" } }`. */
  portsAttributes: Record<string, { label: string }>;
  overrideCommand?: boolean;
  [key: string]: unknown;
}
