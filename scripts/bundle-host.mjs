/**
 * Bundles a host entry (shell/src/host/*.ts) with @kanbots/core and every library it uses into
 * ONE ES module file for Node >= 20.19, so a package needs no node_modules. Core is read from its
 * TypeScript sources (the `kanbots-source` export condition), so no tsc build is needed first.
 *
 * Left out of the bundle (resolved at run time, each optional):
 * - `@napi-rs/keyring`: a native module per platform; core imports it lazily and falls back to
 *   the 0600 secrets file when it cannot load (a package may ship it next to the bundle).
 * - `bufferutil`, `utf-8-validate`: optional native speed-ups of `ws`, which falls back to JS.
 * - `better-sqlite3`: the database, a native module per platform and Node ABI; core loads it when
 *   the store opens and keeps the data in JSON files when it cannot (a package ships it next to
 *   the bundle, or npm installs it).
 */
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export const EXTERNAL_MODULES = ['@napi-rs/keyring', 'bufferutil', 'utf-8-validate', 'better-sqlite3'];

export function shellVersion() {
  return JSON.parse(readFileSync(join(repositoryRoot, 'shell', 'package.json'), 'utf8')).version;
}

/**
 * @param {{ entry: string, outfile: string }} options entry relative to shell/src/host
 * @returns {Promise<{ outfile: string, bytes: number }>}
 */
export async function bundleHost({ entry, outfile }) {
  const result = await build({
    entryPoints: [join(repositoryRoot, 'shell', 'src', 'host', entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20.19',
    conditions: ['kanbots-source'],
    mainFields: ['module', 'main'],
    external: EXTERNAL_MODULES,
    sourcemap: false,
    minify: true,
    legalComments: 'eof',
    metafile: true,
    logLevel: 'warning',
    define: { __KANBOTS_VERSION__: JSON.stringify(shellVersion()) },
    // CommonJS libraries inside an ES module bundle still call require() for Node's built-ins.
    banner: { js: "import { createRequire as __kanbotsCreateRequire } from 'node:module'; const require = __kanbotsCreateRequire(import.meta.url);" },
  });
  const bytes = Object.values(result.metafile.outputs).reduce((total, output) => total + output.bytes, 0);
  return { outfile, bytes };
}
