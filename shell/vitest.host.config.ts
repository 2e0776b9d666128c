import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

/** Host tests run in Node against core's sources (the `kanbots-source` export condition). */
const conditions = ['kanbots-source', ...defaultServerConditions];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ['kanbots-source'] } },
  test: {
    name: 'shell-host',
    include: ['test/host/**/*.test.ts'],
    setupFiles: ['../test-support/isolated-config-home.ts', '../test-support/fail-on-console-problems.ts'],
    passWithNoTests: true,
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
