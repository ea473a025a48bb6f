import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TestModule } from 'vitest/node';
import RequireServicesReporter, { skippedIntegrationTests } from '../helpers/require-services-reporter.js';

/** A module as the reporter reads it: its project's name and its tests by state. */
function module(project: string, tests: Record<string, 'passed' | 'skipped' | 'failed'>): TestModule {
  return {
    project: { name: project },
    children: {
      *allTests(state?: string) {
        for (const [fullName, result] of Object.entries(tests)) {
          if (!state || state === result) yield { fullName };
        }
      },
    },
  } as unknown as TestModule;
}

const modules = [
  module('integration', { 'engine > builds': 'passed', 'engine > pushes': 'skipped' }),
  module('unit', { 'parser > skipped elsewhere': 'skipped' }),
];

describe('the reporter behind DATA_ENG_REQUIRE_SERVICES', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it('lists the skipped tests of the integration project only', () => {
    expect(skippedIntegrationTests(modules)).toEqual(['engine > pushes']);
    expect(skippedIntegrationTests([module('integration', { a: 'passed', b: 'failed' })])).toEqual([]);
  });

  it('fails the run with their names when the variable is 1, and leaves the exit code alone otherwise', () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockReturnValue(true);
    const before = process.exitCode;
    try {
      vi.stubEnv('DATA_ENG_REQUIRE_SERVICES', '');
      new RequireServicesReporter().onTestRunEnd(modules);
      expect(process.exitCode).toBe(before);
      expect(stderr).not.toHaveBeenCalled();

      vi.stubEnv('DATA_ENG_REQUIRE_SERVICES', '1');
      new RequireServicesReporter().onTestRunEnd(modules);
      expect(process.exitCode).toBe(1);
      expect(String(stderr.mock.calls[0]?.[0])).toContain('  engine > pushes\n');
    } finally {
      process.exitCode = before;
    }
  });
});
