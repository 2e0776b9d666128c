import { defaultClientConditions } from 'vite';
import solid from 'vite-plugin-solid';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [solid()],
  resolve: { conditions: ['kanbots-source', ...defaultClientConditions] },
  test: {
    name: 'shell-ui',
    include: ['test/ui/**/*.test.ts', 'test/ui/**/*.test.tsx'],
    environment: 'happy-dom',
    setupFiles: ['../test-support/fail-on-console-problems.ts'],
    passWithNoTests: true,
  },
});
