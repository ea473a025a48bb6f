import { describe, expect, it } from 'vitest';
import { dockerodeOptions, engineEndpoint, engineNotRunning } from './engine-endpoint.js';

describe('engineEndpoint', () => {
  it('finds the engine from DOCKER_HOST, as the docker CLI does', () => {
    expect(engineEndpoint({ DOCKER_HOST: 'unix:///run/user/1000/podman/podman.sock' }).socketPath).toBe(
      '/run/user/1000/podman/podman.sock',
    );
    expect(engineEndpoint({ DOCKER_HOST: 'tcp://10.0.0.5:2375' })).toMatchObject({
      host: '10.0.0.5',
      port: 2375,
    });
    expect(() => engineEndpoint({ DOCKER_HOST: 'ssh://me@host' })).toThrow(/forward the engine's socket/);
    expect(() => engineEndpoint({ DOCKER_HOST: 'docker.example.com' })).toThrow(
      /is not a unix:\/\/, npipe:\/\/ or tcp:\/\//,
    );
  });

  it('names the docker group on a permission error, and what to start otherwise', () => {
    const endpoint = engineEndpoint({ DOCKER_HOST: 'unix:///var/run/docker.sock' });
    expect(engineNotRunning(endpoint, 'EACCES')).toMatch(/add your user to the docker group/);
    expect(engineNotRunning(endpoint, 'ECONNREFUSED')).toMatch(/start Docker Desktop/);
  });

  it('gives dockerode the socket, or the host and port', () => {
    expect(dockerodeOptions(engineEndpoint({ DOCKER_HOST: 'unix:///tmp/d.sock' }))).toEqual({
      socketPath: '/tmp/d.sock',
    });
    expect(dockerodeOptions(engineEndpoint({ DOCKER_HOST: 'tcp://10.0.0.5:2375' }))).toEqual({
      host: '10.0.0.5',
      port: 2375,
    });
  });
});
