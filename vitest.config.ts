import { defineConfig } from 'vitest/config';
import RequireServicesReporter from './__tests__/helpers/require-services-reporter.js';

// Four layers, each its own project: `npm test` runs unit, generators and e2e (no services needed);
// `npm run test:services` runs integration against the real Docker engine, registry and AD domain controller.
/**
 * yeoman-test's adapter (@yeoman/adapter, testing/test-adapter.js) gives its stand-in prompt module two
 * `Duplex.from` streams and an abort signal, and aborts it when a run ends (`close()`). Since Node 24.22 the
 * aborted streams raise an AbortError that nobody listens for, after the run and outside our code. Only that
 * error is let pass: an AbortError from Node's duplexify with nothing but Node's own frames in its stack.
 */
function isTestAdapterTeardown(error: { name?: string; code?: unknown; stack?: string }): boolean {
  const frames = (error.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
  return (
    error.name === 'AbortError' &&
    error.code === 'ABORT_ERR' &&
    frames.some((line) => line.includes('node:internal/streams/duplexify')) &&
    frames.every((line) => line.includes('node:internal/'))
  );
}

export default defineConfig({
  test: {
    // With DATA_ENG_REQUIRE_SERVICES=1 (CI), a skipped integration test fails the run.
    reporters: ['default', new RequireServicesReporter()],
    onUnhandledError: (error) => (isTestAdapterTeardown(error) ? false : undefined),
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'cli/**/*.spec.ts',
            'lib/**/*.spec.ts',
            'plugins/**/*.spec.ts',
            '__tests__/unit/**/*.spec.ts',
          ],
        },
      },
      {
        test: {
          name: 'generators',
          include: ['generators/**/*.spec.ts', '__tests__/generators/**/*.spec.ts'],
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['__tests__/integration/**/*.spec.ts'],
          testTimeout: 600_000,
          hookTimeout: 900_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['__tests__/e2e/**/*.spec.ts'],
          testTimeout: 300_000,
          hookTimeout: 600_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
