import type Docker from 'dockerode';
import { dockerodeOptions, engineEndpoint, engineNotRunning, EnvironmentError } from './engine-endpoint.js';

export { EnvironmentError };

/**
 * A connected dockerode client for the engine data-eng uses everywhere (lib/docker/engine-endpoint.ts); throws
 * an EnvironmentError saying what to start, or which group to join, when the engine does not answer.
 */
export async function createDockerClient(env: NodeJS.ProcessEnv = process.env): Promise<Docker> {
  const { default: Dockerode } = await import('dockerode');
  const endpoint = engineEndpoint(env);
  const client = new Dockerode(dockerodeOptions(endpoint));
  try {
    await client.ping();
  } catch (error) {
    throw new EnvironmentError(engineNotRunning(endpoint, (error as { code?: string }).code));
  }
  return client;
}
