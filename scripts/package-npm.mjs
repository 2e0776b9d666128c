#!/usr/bin/env node
/**
 * `npm run package:npm`: the `kanbots` command as ONE publishable npm package, built output only:
 *
 *   package.json        name "kanbots", bin { kanbots }, engines node >= 20.19, no dependencies
 *                       but the optional native modules: the OS keychain and the database
 *   bin/kanbots.js      the command (shell/bin/kanbots.js)
 *   dist/host/cli.js    the CLI and host with @kanbots/core and every library bundled in one file
 *   dist/ui/            the board UI, without source maps
 *   README.md
 *
 * and `npm pack`s it. `npx kanbots` in a repository then opens the board on that repository.
 *
 *   npm run package:npm                  writes dist/npm/kanbots-<version>.tgz
 *   npm run package:npm -- --out DIR     somewhere else
 *   npm run package:npm -- --no-pack     stage dist/npm/kanbots/ only (e.g. to `npm publish` it)
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { bundleHost, repositoryRoot } from './bundle-host.mjs';
import { buildUiForPackage } from './package-ui.mjs';

const say = (message) => process.stderr.write(`[package:npm] ${message}\n`);

const readJson = (path) => JSON.parse(readFileSync(join(repositoryRoot, path), 'utf8'));

/** The published manifest, from the shell's (name, bin, engines) and core's (optional keychain). */
function manifest() {
  const shell = readJson('shell/package.json');
  const core = readJson('core/package.json');
  return {
    name: 'kanbots',
    version: shell.version,
    description: shell.description,
    license: shell.license,
    type: 'module',
    engines: shell.engines,
    bin: { kanbots: 'bin/kanbots.js' },
    files: ['bin', 'dist', 'README.md'],
    keywords: ['kanban', 'ai', 'agents', 'coding-agent', 'claude-code', 'codex', 'git-worktree', 'cli'],
    // Everything else is bundled into dist/host/cli.js; the keychain and the database are native
    // (one build per platform and Node ABI), so npm installs the right one; when one does not
    // install, Kanbots uses its 0600 secrets file, or keeps its data in JSON files, and says so.
    optionalDependencies: { '@napi-rs/keyring': core.optionalDependencies['@napi-rs/keyring'], 'better-sqlite3': core.dependencies['better-sqlite3'] },
  };
}

/**
 * Stages the package (and packs it unless `pack` is false).
 * @param {{ out?: string, pack?: boolean }} options
 * @returns {Promise<{ directory: string, tarball?: string, sizes: Record<string, number> }>}
 */
export async function packageNpm(options = {}) {
  const out = resolve(options.out ?? join(repositoryRoot, 'dist', 'npm'));
  const directory = join(out, 'kanbots');
  rmSync(directory, { recursive: true, force: true });
  mkdirSync(join(directory, 'bin'), { recursive: true });
  const packageJson = manifest();
  writeFileSync(join(directory, 'package.json'), `${JSON.stringify(packageJson, null, 2)}\n`);
  copyFileSync(join(repositoryRoot, 'shell', 'bin', 'kanbots.js'), join(directory, 'bin', 'kanbots.js'));
  copyFileSync(join(repositoryRoot, 'README.md'), join(directory, 'README.md'));
  say('Building the UI without source maps…');
  await buildUiForPackage(join(directory, 'dist', 'ui'));
  say('Bundling the command into one file…');
  const bundle = await bundleHost({ entry: 'cli.ts', outfile: join(directory, 'dist', 'host', 'cli.js') });
  const result = { directory, sizes: { cli: bundle.bytes } };
  if (options.pack === false) return result;
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const packed = spawnSync(npm, ['pack', '--json', '--pack-destination', out], { cwd: directory, encoding: 'utf8', shell: process.platform === 'win32' });
  if (packed.status !== 0) throw new Error(`npm pack failed: ${packed.stderr.trim()}`);
  const [info] = JSON.parse(packed.stdout);
  const tarball = join(out, info.filename);
  return { ...result, tarball, sizes: { ...result.sizes, tarball: statSync(tarball).size, unpacked: info.unpackedSize, files: info.entryCount } };
}

async function main() {
  const { values } = parseArgs({ options: { out: { type: 'string' }, 'no-pack': { type: 'boolean' } }, strict: true });
  const result = await packageNpm({ ...(values.out ? { out: values.out } : {}), pack: values['no-pack'] !== true });
  const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;
  if (result.tarball) process.stdout.write(`${result.tarball}\n  ${mb(result.sizes.tarball)} packed, ${mb(result.sizes.unpacked)} unpacked, ${result.sizes.files} files (dist/host/cli.js ${mb(result.sizes.cli)})\n`);
  else process.stdout.write(`${result.directory}\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    say(`Packaging failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
