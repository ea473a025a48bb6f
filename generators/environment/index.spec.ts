import { existsSync, readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readJson, readYaml, runGenerator } from '../../__tests__/helpers/run-generator.js';

describe('yo data-eng:environment NAME', () => {
  it('declares the environment, enables the Helm values and renders its overlay and configuration layer', async () => {
    const project = await runGenerator('app', { name: 'env-yo' });
    await runGenerator(
      'environment',
      { replicas: '2', 'secrets-source': 'aws-secrets-manager', 'secrets-store': 'eu-west-1' },
      project.cwd,
    ).withArguments(['staging']);
    const config = readJson(project.cwd, '.yo-rc.json')['generator-data-eng'];
    expect(Object.keys(config.environments)).toEqual(['dev', 'staging']);
    expect(config.environments.staging).toMatchObject({ target: 'kubernetes', replicas: 2 });
    expect(config.plugins).toContain('orchestrator-kubernetes');
    expect(readYaml(project.cwd, 'deploy/helm/values-staging.yaml').scheduler).toMatchObject({ replicas: 2 });
    const manifests = readFileSync(join(project.cwd, 'deploy/helm/external-secrets-staging.yaml'), 'utf8');
    expect(parseAllDocuments(manifests).map((doc) => doc.get('kind'))).toContain('ExternalSecret');
    expect(readYaml(project.cwd, 'conf/env/staging.yaml')).toEqual({ environment: 'staging' });
  });

  it('refuses a second compose environment with the fix, writing nothing', async () => {
    const project = await runGenerator('app', { name: 'env-yo-two' });
    await expect(
      runGenerator('environment', { target: 'compose' }, project.cwd).withArguments(['local']),
    ).rejects.toThrow('Environments dev and local both target compose');
    expect(readJson(project.cwd, '.yo-rc.json')['generator-data-eng'].environments).toBeUndefined();
    expect(existsSync(join(project.cwd, 'conf/env/local.yaml'))).toBe(false);
  });
});
