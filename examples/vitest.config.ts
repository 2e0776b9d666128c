import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['kanbots-source'] },
  test: {
    name: 'examples',
    include: ['test/**/*.test.ts'],
    setupFiles: ['../test-support/isolated-config-home.ts'],
    testTimeout: 60_000,
  },
});
