import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

/** Example tests run the examples as a newcomer would, and import `@kanbots/core` from its sources (the `kanbots-source` condition). */
const conditions = ['kanbots-source', ...defaultServerConditions];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ['kanbots-source'] } },
  test: {
    name: 'examples',
    include: ['test/**/*.test.ts'],
    setupFiles: ['../test-support/isolated-config-home.ts', '../test-support/fail-on-console-problems.ts'],
    testTimeout: 60_000,
  },
});
