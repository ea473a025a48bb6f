import { describe, expect, it } from 'vitest';
import { carryComposeService, carryDcsmService, namedVolumesOf } from './carry-services.js';

const OWN = new Set(['postgres', 'airflow-apiserver', 'airflow-scheduler', 'airflow-init', 'workspace']);

describe('carryComposeService', () => {
  it('rebases paths from .devcontainer/, renames or drops dependencies, and binds ports to 127.0.0.1', () => {
    const carried = carryComposeService(
      {
        name: 'mail',
        definition: {
          build: { context: '..', dockerfile: 'Dockerfile.mail' },
          env_file: './mail.env',
          volumes: [
            '../data:/data:ro',
            'cache:/cache',
            '/abs:/abs',
            { type: 'bind', source: './x', target: '/x' },
          ],
          depends_on: ['postgres', 'airflow-webserver', 'pgadmin'],
          ports: ['8025:8025', '9000', '127.0.0.1:1:1', { target: 80, published: 8080 }],
        },
      },
      OWN,
    );
    expect(carried.definition).toEqual({
      build: { context: '.', dockerfile: 'Dockerfile.mail' },
      env_file: ['.devcontainer/mail.env'],
      volumes: [
        './data:/data:ro',
        'cache:/cache',
        '/abs:/abs',
        { type: 'bind', source: '.devcontainer/x', target: '/x' },
      ],
      depends_on: {
        postgres: { condition: 'service_started' },
        'airflow-apiserver': { condition: 'service_started' },
      },
      ports: [
        '127.0.0.1:8025:8025',
        '127.0.0.1::9000',
        '127.0.0.1:1:1',
        { target: 80, published: 8080, host_ip: '127.0.0.1' },
      ],
    });
    expect(carried.changes).toContain('depends_on pgadmin dropped: the new stack has no such service');
    expect(namedVolumesOf(carried.definition)).toEqual(['cache']);
  });
});

describe('carryDcsmService', () => {
  it('keeps the keys DCSM reads and runs the template as the image', () => {
    const carried = carryDcsmService(
      {
        name: 'minio',
        definition: { template: 'minio:latest', depends_on: ['airflow-webserver'], persistent: true },
      },
      OWN,
    );
    expect(carried.definition).toMatchObject({
      template: 'minio:latest',
      image: 'minio:latest',
      depends_on: ['airflow-apiserver'],
      persistent: true,
      health_check: false,
      ports: [],
    });
  });
});
