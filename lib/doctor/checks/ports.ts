import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { parseDotenv } from '../../config/dotenv.js';
import type { CheckResult, DoctorCheck, DoctorContext } from '../check.js';
import { engineReport } from '../engine.js';

export function portIsFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

async function readEnvFile(dir: string): Promise<Record<string, string>> {
  try {
    return parseDotenv(await readFile(join(dir, '.env'), 'utf8'));
  } catch {
    return {};
  }
}

/** Host ports published by this project's containers (compose or the DCSM runner both label them). */
async function projectPorts(context: DoctorContext, project: string): Promise<Map<number, string>> {
  const client = (await engineReport(context)).client;
  const held = new Map<number, string>();
  if (!client) return held;
  const containers = await client
    .listContainers({ filters: JSON.stringify({ label: [`io.data-eng.project=${project}`] }) })
    .catch(() => []);
  for (const container of containers) {
    const service =
      container.Labels['com.docker.compose.service'] ??
      container.Labels['devcontainer-service-manager.service'] ??
      container.Names[0] ??
      '';
    for (const port of container.Ports) if (port.PublicPort) held.set(port.PublicPort, service);
  }
  return held;
}

async function nextFree(host: string, from: number): Promise<number | undefined> {
  for (let port = from + 1; port <= Math.min(65535, from + 200); port++)
    if (await portIsFree(host, port)) return port;
  return undefined;
}

/** Every fixed host port the project publishes is free, or already held by the project itself. */
export const PORTS_CHECK: DoctorCheck = {
  id: 'ports',
  async run(context) {
    const project = context.project;
    if (!project) {
      return [
        {
          id: 'ports',
          title: "The project's host ports are free",
          status: 'skip',
          detail: 'Not inside a data-eng project',
        },
      ];
    }
    const dotenv = await readEnvFile(project.dir);
    const results: CheckResult[] = [];
    let held: Map<number, string> | undefined;
    for (const service of Object.values(project.stack.services)) {
      if (service.profiles?.length) continue;
      for (const binding of service.ports) {
        if (binding.host === 'auto') continue;
        const variable = binding.hostVariable;
        const raw = variable ? (context.env[variable] ?? dotenv[variable]) : undefined;
        const port = raw ? Number(raw) : binding.host;
        const hostIp = binding.hostIp ?? '127.0.0.1';
        const title = `Port ${port} for ${service.name}${variable ? ` (${variable})` : ''} is free`;
        const id = `ports.${service.name}.${binding.container}`;
        if (!Number.isInteger(port) || port < 1 || port > 65535) {
          results.push({
            id,
            title,
            status: 'fail',
            detail: `${variable}=${raw} is not a port`,
            fix: `Set ${variable} in .env to a port between 1024 and 65535.`,
          });
        } else if (await portIsFree(hostIp, port)) {
          results.push({ id, title, status: 'pass', detail: `${hostIp}:${port} is free` });
        } else if ((held ??= await projectPorts(context, project.stack.project.name)).has(port)) {
          results.push({
            id,
            title,
            status: 'pass',
            detail: `${hostIp}:${port} is in use by this project's ${held.get(port)} (running)`,
          });
        } else {
          const free = await nextFree(hostIp, port);
          results.push({
            id,
            title,
            status: 'fail',
            detail: `${hostIp}:${port} is in use by another program`,
            fix: variable
              ? `Set ${variable}=${free ?? '<a free port>'} in .env, or stop the program that holds port ${port}.`
              : `Stop the program that holds port ${port}.`,
          });
        }
      }
    }
    return results;
  },
};
