import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['kanbots-source'] },
  test: {
    name: 'core',
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    setupFiles: ['../test-support/isolated-config-home.ts', '../test-support/fail-on-console-problems.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
