import type { DependencyCondition, PortBinding, Service, Stack } from '../model/stack.js';

const ARROWS: Record<DependencyCondition, string> = {
  service_healthy: 'healthy',
  service_completed_successfully: 'completed',
  service_started: 'started',
};

/** A node id mermaid accepts whatever the service is called: letters, digits and underscores. */
function nodeId(name: string): string {
  return `svc_${name.replace(/[^A-Za-z0-9]/g, '_')}`;
}

/** Text inside a quoted mermaid label: quotes and markup characters as entity codes, one line. */
function labelText(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/[#"<>&]/g, (char) => `#${char.codePointAt(0)};`);
}

function portText(port: PortBinding): string {
  const host = port.host === 'auto' ? 'auto' : String(port.host);
  return `${port.hostIp ?? '127.0.0.1'}:${host}`;
}

function nodeLine(service: Service): string {
  const lines = [service.name];
  if (service.ports.length > 0) lines.push(service.ports.map(portText).join(', '));
  if (service.profiles?.length) lines.push(`profile: ${service.profiles.join(', ')}`);
  if (service.oneShot) lines.push('runs once');
  const label = lines.map(labelText).join('<br/>');
  // One-shot services get a rounded box, the others a rectangle.
  return service.oneShot ? `  ${nodeId(service.name)}("${label}")` : `  ${nodeId(service.name)}["${label}"]`;
}

/**
 * A mermaid flowchart of the Stack's services: one node per service (published ports, compose profile,
 * one-shot), one arrow per depends_on, labelled with the condition it waits for.
 */
export function renderMermaid(stack: Stack): string {
  const services = Object.values(stack.services);
  const lines = ['flowchart LR', ...services.map(nodeLine)];
  for (const service of services) {
    for (const [dependency, condition] of Object.entries(service.dependsOn)) {
      lines.push(`  ${nodeId(service.name)} -->|${ARROWS[condition]}| ${nodeId(dependency)}`);
    }
  }
  const optional = services
    .filter((service) => service.profiles?.length)
    .map((service) => nodeId(service.name));
  if (optional.length > 0) {
    lines.push('  classDef optional stroke-dasharray: 5 5', `  class ${optional.join(',')} optional`);
  }
  return lines.join('\n') + '\n';
}
