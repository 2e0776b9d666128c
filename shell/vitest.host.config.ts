import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['kanbots-source'] },
  test: {
    name: 'shell-host',
    include: ['test/host/**/*.test.ts', 'test/host/**/*.test.tsx'],
    passWithNoTests: true,
  },
});
