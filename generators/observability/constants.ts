/** Names of the observability part that other parts and tests rely on. */
export const OBSERVABILITY = 'observability';
export const OBSERVABILITY_BUILD = 'observability';
export const OBSERVABILITY_DIR = 'docker/observability';
export const OBSERVABILITY_STAGES = ['base', 'statsd', 'prometheus', 'postgres-exporter'] as const;
export const OBSERVABILITY_SERVICES = {
  statsd: 'statsd',
  prometheus: 'prometheus',
  postgresExporter: 'postgres-exporter',
  grafana: 'grafana',
} as const;
/** The Debian the images are built on; OBSERVABILITY_BASE_IMAGE in .env overrides it. */
export const DEFAULT_BASE_IMAGE = 'debian:bookworm-slim';
/** Grafana is not packaged by Debian: its official image, pinned. */
export const DEFAULT_GRAFANA_IMAGE = 'grafana/grafana-oss:11.3.1';
/** Where Grafana reads the provisioned dashboards, inside its container. */
export const GRAFANA_DASHBOARDS_DIR = '/var/lib/grafana/dashboards';
