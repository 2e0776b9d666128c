import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * End-to-end tests: the real host (started in the test process) serves the built UI to headless
 * Chromium driven by playwright-core. The UI is built once by the global setup when it is missing
 * or older than its sources. One file at a time: the machines are small.
 */
export default defineConfig({
  resolve: { conditions: ['kanbots-source', ...defaultServerConditions] },
  ssr: { resolve: { conditions: ['kanbots-source', ...defaultServerConditions], externalConditions: ['kanbots-source'] } },
  test: {
    name: 'shell-e2e',
    include: ['test/e2e/**/*.test.ts', 'test/e2e/**/*.test.tsx'],
    globalSetup: ['test/e2e/build-ui-once.ts'],
    setupFiles: ['../test-support/isolated-config-home.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    passWithNoTests: true,
  },
});
