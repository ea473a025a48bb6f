import '../../cli/catalog.js';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { definePlugin, envRef } from '../plugins/public-api.js';
import { renderPlugin } from './render-plugin.js';

const cache = definePlugin({
  name: 'data-eng-plugin-cache',
  apiVersion: 1,
  description: 'A key-value cache.',
  options: [
    { name: 'port', flag: 'cache-port', type: 'number', description: 'Host port', default: 6380, min: 1024 },
  ],
  contribute(stack, { answers, enabled }) {
    stack.addSetting('CACHE_IMAGE', 'cache:1', 'Cache image');
    stack.addSecret('CACHE_PASSWORD', 'password', 'Cache password');
    stack.addVolume('cache-data');
    stack.addService({
      name: 'cache',
      image: envRef('CACHE_IMAGE', 'cache:1'),
      environment: { PASSWORD: envRef('CACHE_PASSWORD') },
      ports: [{ container: 6379, host: Number(answers.port), forward: true, label: 'Cache' }],
      volumes: [{ type: 'volume', source: 'cache-data', target: '/data' }],
      healthcheck: { test: ['CMD', 'true'] },
      persistent: true,
    });
    if (enabled('postgres')) stack.addEnv('postgres', { CACHE_HOST: 'cache' });
  },
  files: (_stack, { answers }) => [
    { path: 'docker/cache/cache.conf', content: `port ${String(answers.port)}\n` },
  ],
});

describe('renderPlugin', () => {
  it('renders the plugin alone: compose parsed, env with generated secrets, what it owns', async () => {
    const project = await renderPlugin(cache);
    expect(project.compose.name).toBe('plugin-test');
    expect(Object.keys(project.compose.services)).toEqual(['cache']);
    expect(project.compose.services.cache!.ports).toEqual(['127.0.0.1:6380:6379']);
    expect(project.compose.services.cache!.environment).toEqual({
      PASSWORD: '${CACHE_PASSWORD:?is not set: run data-eng doctor, or add it to .env}',
    });
    expect(project.env.CACHE_IMAGE).toBe('cache:1');
    expect(project.env.CACHE_PASSWORD).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(project.devcontainer).toBeUndefined();
    expect(project.files['docker/cache/cache.conf']).toBe('port 6380\n');
    expect(project.answers).toEqual({ port: 6380 });
    expect(project.config.plugins).toEqual(['data-eng-plugin-cache']);
    expect(project.contributions).toEqual({
      services: ['cache'],
      volumes: ['cache-data'],
      secrets: ['CACHE_PASSWORD'],
      settings: ['CACHE_IMAGE'],
      files: ['docker/cache/cache.conf'],
    });
  });

  it('adds components and what they require, and the plugin sees them', async () => {
    const project = await renderPlugin(cache, { with: ['devcontainer'], answers: { port: 7000 } });
    expect(Object.keys(project.compose.services)).toEqual(
      expect.arrayContaining(['postgres', 'airflow-scheduler', 'workspace', 'cache']),
    );
    expect(project.compose.services.postgres!.environment!.CACHE_HOST).toBe('cache');
    expect(project.devcontainer!.portsAttributes['7000']).toEqual({ label: 'Cache' });
    expect(project.config.airflow).toBeDefined();
    expect(project.contributions.services).toEqual(['cache']);
  });

  it('validates answers like the command line does', async () => {
    await expect(renderPlugin(cache, { answers: { port: 80 } })).rejects.toThrow(
      /Invalid data-eng-plugin-cache.port \(--cache-port\): 80; use a whole number at least 1024/,
    );
  });

  it('rejects an unknown component by name', async () => {
    await expect(renderPlugin(cache, { with: ['kafka'] })).rejects.toThrow(
      /Unknown component "kafka" in with; choose from: postgres/,
    );
  });

  it('rejects a definition of another API version with both numbers', async () => {
    await expect(renderPlugin({ ...cache, apiVersion: 2 })).rejects.toThrow(/speaks plugin API 2.*speaks 1/);
  });

  it('writes a project that a second write merges with, keeping hand edits and .env', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'render-plugin-'));
    const project = await renderPlugin(cache, { with: ['postgres'] });
    await project.write(dir);
    expect(statSync(join(dir, '.env')).mode & 0o777).toBe(0o600);
    const yoRc = JSON.parse(readFileSync(join(dir, '.yo-rc.json'), 'utf8'));
    expect(yoRc['generator-data-eng'].plugins).toEqual(['data-eng-plugin-cache']);
    const compose = parse(readFileSync(join(dir, 'compose.yaml'), 'utf8'));
    compose.services.cache.environment.MINE = 'kept';
    writeFileSync(join(dir, 'compose.yaml'), stringify(compose));
    const env = readFileSync(join(dir, '.env'), 'utf8');
    await (await renderPlugin(cache, { with: ['postgres'], answers: { port: 7001 } })).write(dir);
    const after = parse(readFileSync(join(dir, 'compose.yaml'), 'utf8'));
    expect(after.services.cache.environment.MINE).toBe('kept');
    expect(after.services.cache.ports).toEqual(['127.0.0.1:7001:6379']);
    expect(readFileSync(join(dir, '.env'), 'utf8')).toBe(env);
  });
});
