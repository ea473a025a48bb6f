import { definePlugin } from '../../lib/plugins/public-api.js';
import { orchestrate } from './orchestrate.js';

/**
 * The default orchestrator: `data-eng up | down | status | logs` through Docker Compose v2 (or Podman's
 * compose) on the project's compose.yaml.
 */
export default definePlugin({
  name: 'orchestrator-compose',
  apiVersion: 1,
  kind: 'orchestrator',
  description: 'Runs the stack with Docker Compose v2: up with health waiting, down, status and logs.',
  // `logs --follow` runs until Ctrl-C and `up` has its own --timeout, so the hook itself gets a day.
  hookTimeoutMs: 24 * 60 * 60 * 1000,
  hooks: { orchestrate },
});
