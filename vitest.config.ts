import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: ['core', 'examples', 'shell/vitest.host.config.ts', 'shell/vitest.ui.config.ts', 'shell/vitest.e2e.config.ts'],
  },
});
