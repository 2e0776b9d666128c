import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['kanbots-source'] },
  test: {
    name: 'examples',
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
  },
});
