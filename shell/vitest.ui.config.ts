import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['kanbots-source'] },
  test: {
    name: 'shell-ui',
    include: ['test/ui/**/*.test.ts', 'test/ui/**/*.test.tsx'],
    passWithNoTests: true,
  },
});
