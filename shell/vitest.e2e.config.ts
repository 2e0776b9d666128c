import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['kanbots-source'] },
  test: {
    name: 'shell-e2e',
    include: ['test/e2e/**/*.test.ts', 'test/e2e/**/*.test.tsx'],
    passWithNoTests: true,
  },
});
