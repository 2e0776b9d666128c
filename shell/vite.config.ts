import { fileURLToPath } from 'node:url';
import { defaultClientConditions, defineConfig } from 'vite';
import solid from 'vite-plugin-solid';

/**
 * Builds the Solid board UI (`shell/index.html`) into `shell/dist/ui`. The base is relative so the
 * same files work under Neutralino (`resources/`) and under `kanbots serve`. Core is compiled from
 * its sources through the `kanbots-source` export condition (only browser-safe subpaths are used).
 */
const shellDirectory = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: shellDirectory,
  base: './',
  plugins: [solid()],
  resolve: { conditions: ['kanbots-source', ...defaultClientConditions] },
  build: {
    outDir: 'dist/ui',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    reportCompressedSize: false,
  },
});
