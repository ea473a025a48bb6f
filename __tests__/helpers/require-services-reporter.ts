import type { Reporter, TestModule } from 'vitest/node';

/** The full names of the integration tests that were skipped (`it.skip`, `skipIf`, `ctx.skip()`, `todo`). */
export function skippedIntegrationTests(
  modules: readonly Pick<TestModule, 'project' | 'children'>[],
): string[] {
  return modules
    .filter((module) => module.project.name === 'integration')
    .flatMap((module) => [...module.children.allTests('skipped')].map((test) => test.fullName));
}

/**
 * With DATA_ENG_REQUIRE_SERVICES=1 (.ci/run sets it), a skipped integration test fails the run. Missing services
 * already fail `describeWithServices`; this also catches a skip written into a spec, which vitest would
 * otherwise count as a pass. Meant for whole runs: a `-t` filter skips the tests it leaves out.
 */
export default class RequireServicesReporter implements Reporter {
  onTestRunEnd(modules: readonly TestModule[]): void {
    if (process.env.DATA_ENG_REQUIRE_SERVICES !== '1') return;
    const skipped = skippedIntegrationTests(modules);
    if (skipped.length === 0) return;
    process.stderr.write(
      `\nDATA_ENG_REQUIRE_SERVICES=1: integration tests must run, but ${skipped.length} skipped:\n${skipped
        .map((name) => `  ${name}\n`)
        .join('')}Remove the skip, or start the services with bash scripts/services.sh up.\n`,
    );
    process.exitCode = 1;
  }
}
