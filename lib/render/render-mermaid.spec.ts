import { describe, expect, it } from 'vitest';
import { StackBuilder } from '../model/stack-builder.js';
import { renderMermaid } from './render-mermaid.js';

function stack() {
  const builder = new StackBuilder({ name: 'demo', title: 'Demo', description: '', packageName: 'demo' });
  const api = builder.as('test');
  api.addService({ name: 'db', ports: [{ container: 5432, host: 5432 }] });
  api.addService({ name: 'init', oneShot: true, dependsOn: { db: 'service_healthy' } });
  api.addService({
    name: 'web-ui',
    dependsOn: { db: 'service_healthy', init: 'service_completed_successfully' },
    profiles: ['extra'],
  });
  return builder.build();
}

describe('renderMermaid', () => {
  it('draws one node per service and one labelled arrow per dependency', () => {
    const lines = renderMermaid(stack()).trimEnd().split('\n');
    expect(lines[0]).toBe('flowchart LR');
    expect(lines).toContain('  svc_db["db<br/>127.0.0.1:5432"]');
    expect(lines).toContain('  svc_init("init<br/>runs once")');
    expect(lines).toContain('  svc_web_ui -->|healthy| svc_db');
    expect(lines).toContain('  svc_web_ui -->|completed| svc_init');
    expect(lines).toContain('  class svc_web_ui optional');
  });

  it('keeps label text from breaking the diagram', () => {
    const builder = new StackBuilder({ name: 'demo', title: 'Demo', description: '', packageName: 'demo' });
    builder.as('test').addService({ name: 'db', profiles: ['a'] });
    expect(renderMermaid(builder.build())).toContain('svc_db["db<br/>profile: a"]');
  });
});
