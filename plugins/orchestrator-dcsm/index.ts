import { Document } from 'yaml';
import { definePlugin } from '../../lib/plugins/public-api.js';
import { orchestrate } from './orchestrate.js';
import { renderServices, SERVICES_FILE } from './render-services.js';

const SERVICES_HEADER = [
  ' Services in the DCSM format, rendered from the project (the same services as compose.yaml).',
  ' DCSM reads namespace, port_range and, per service, template, depends_on, persistent, health_check and ports;',
  ' image, build, healthcheck, environment, volumes, command and labels let data-eng up run each service as compose',
  ' would. ${NAME} comes from .env. data-eng up runs it in the namespace <namespace>_<git branch>.',
].join('\n');

/**
 * DCSM's services.yaml, rendered from the same Stack as compose.yaml, and a runner for it on the Docker
 * engine API: one namespace per project and git branch, depends_on order with health gating, persistent
 * and ephemeral services, free ports picked at start, containers of the namespace reused.
 */
export default definePlugin({
  name: 'orchestrator-dcsm',
  apiVersion: 1,
  kind: 'orchestrator',
  // With runner none it only renders services.yaml, and another orchestrator may run the stack.
  runsStack: (answers) => (answers.runner ?? 'builtin') !== 'none',
  description:
    'services.yaml in the DCSM format, and a runner for it: per-branch namespaces, health gating, port picking.',
  options: [
    {
      name: 'runner',
      flag: 'dcsm-runner',
      type: 'string',
      description:
        "What runs services.yaml on data-eng up: builtin (this plugin), dcm (DCSM's own CLI, if installed), or none (render services.yaml only)",
      default: 'builtin',
      choices: ['builtin', 'dcm', 'none'],
    },
  ],
  files(stack) {
    const doc = new Document(renderServices(stack), { aliasDuplicateObjects: false });
    doc.commentBefore = SERVICES_HEADER;
    return [{ path: SERVICES_FILE, content: doc.toString({ lineWidth: 0 }) }];
  },
  // `logs --follow` runs until Ctrl-C and `up` has its own --timeout, so the hook itself gets a day.
  hookTimeoutMs: 24 * 60 * 60 * 1000,
  hooks: { orchestrate },
});
