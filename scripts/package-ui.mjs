/**
 * The board UI as packages ship it: `vite build` of shell/index.html into a given directory,
 * without source maps, and with nothing a package must not carry (maps, the Neutralino runtime's
 * development state) even if a build step added it.
 */
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { repositoryRoot } from './bundle-host.mjs';

/** Paths (relative, `/`-separated) that never go into a package. */
export const EXCLUDED_FROM_PACKAGES = /(\.map$)|(^|\/)(\.storage|\.tmp|window_state[^/]*|neutralinojs\.log|auth_info\.json)(\/|$)/;

export function filesUnder(directory) {
  const files = [];
  const visit = (path) => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const full = join(path, entry.name);
      if (entry.isDirectory()) visit(full);
      else files.push(full);
    }
  };
  visit(directory);
  return files;
}

/** Removes excluded files under `root` and the source-map comments that would point at them. */
export function stripPackageExtras(root) {
  for (const file of filesUnder(root)) {
    if (EXCLUDED_FROM_PACKAGES.test(relative(root, file).split('\\').join('/'))) rmSync(file);
  }
  for (const file of filesUnder(root).filter((path) => /\.(js|css)$/.test(path))) {
    const text = readFileSync(file, 'utf8');
    const stripped = text.replace(/\n?\/[/*][#@] sourceMappingURL=[^\n]*$/, '');
    if (stripped !== text) writeFileSync(file, stripped);
  }
}

export async function buildUiForPackage(outDir) {
  const { build } = await import('vite');
  await build({
    configFile: join(repositoryRoot, 'shell', 'vite.config.ts'),
    logLevel: 'warn',
    // The plugin-timing report is a note about build speed, not about the package.
    build: { outDir, emptyOutDir: true, sourcemap: false, rolldownOptions: { checks: { bundlerTimings: false } } },
  });
  stripPackageExtras(outDir);
}
