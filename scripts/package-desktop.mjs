#!/usr/bin/env node
/**
 * `npm run package`: the Kanbots desktop app as a self-contained folder and archive per platform.
 *
 *   npm run package                          this machine's platform
 *   npm run package -- --platform win_x64    one or more (comma-separated) of PLATFORMS below
 *   npm run package -- --all                 every platform Neutralino ships a runtime for
 *   npm run package -- --out DIR             where to write (default dist/desktop)
 *   npm run package -- --require-runtime     fail when a runtime binary is missing
 *
 * Each `kanbots-<platform>/` holds the same paths neutralino.config.json uses in development, so
 * the one config works for both (see docs/packaging.md):
 *   kanbots-<platform>[.exe]          the Neutralino runtime, from shell/neutralino/bin or ./bin
 *   resources.neu                     the config + the UI built without source maps
 *   shell/extension/kanbots-host.*    launcher: checks Node >= 20.19 on PATH, then starts the host
 *   shell/dist/host/neutralino-extension.js   the host and @kanbots/core bundled into one file
 *   shell/dist/host/node_modules/@napi-rs/…   the OS keychain module, for this machine's platform
 *   shell/dist/host/node_modules/better-sqlite3/…  the database module as built here (this platform and Node ABI)
 * and is archived as .tar.gz (plus .zip for Windows and macOS).
 *
 * The runtime cannot be downloaded by this script (`neu update` needs the internet). Without it
 * everything else is built and the script says plainly which binary is missing and where to put it.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { bundleHost, repositoryRoot, shellVersion } from './bundle-host.mjs';
import { buildUiForPackage, filesUnder, stripPackageExtras } from './package-ui.mjs';

/** Neutralino's platforms: runtime binary name, archive formats, the Node platform/arch they run on. */
export const PLATFORMS = {
  linux_x64: { binary: 'neutralino-linux_x64', archives: ['tar.gz'], node: ['linux', 'x64'] },
  linux_arm64: { binary: 'neutralino-linux_arm64', archives: ['tar.gz'], node: ['linux', 'arm64'] },
  linux_armhf: { binary: 'neutralino-linux_armhf', archives: ['tar.gz'], node: ['linux', 'arm'] },
  mac_x64: { binary: 'neutralino-mac_x64', archives: ['tar.gz', 'zip'], node: ['darwin', 'x64'] },
  mac_arm64: { binary: 'neutralino-mac_arm64', archives: ['tar.gz', 'zip'], node: ['darwin', 'arm64'] },
  mac_universal: { binary: 'neutralino-mac_universal', archives: ['tar.gz', 'zip'], node: ['darwin', 'universal'] },
  win_x64: { binary: 'neutralino-win_x64.exe', archives: ['tar.gz', 'zip'], node: ['win32', 'x64'] },
};

const say = (message) => process.stderr.write(`[package] ${message}\n`);

export function currentPlatform() {
  return Object.entries(PLATFORMS).find(([, platform]) => platform.node[0] === process.platform && platform.node[1] === process.arch)?.[0];
}

function runtimeDirectories() {
  const configured = process.env.KANBOTS_NEUTRALINO_BIN_DIR;
  return [...(configured ? [resolve(configured)] : []), join(repositoryRoot, 'shell', 'neutralino', 'bin'), join(repositoryRoot, 'bin')];
}

function findRuntime(binary) {
  return runtimeDirectories()
    .map((directory) => join(directory, binary))
    .find((path) => existsSync(path));
}

function trimSlashes(path) {
  return path.replace(/^\/+|\/+$/g, '');
}

function sizeOf(path) {
  if (!existsSync(path)) return 0;
  const info = statSync(path);
  return info.isDirectory() ? filesUnder(path).reduce((total, file) => total + statSync(file).size, 0) : info.size;
}

export function formatSize(bytes) {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(2)} MB` : `${(bytes / 1024).toFixed(1)} KB`;
}

/** The UI (built without source maps) + the config (+ client library, icon) as resources.neu's tree. */
async function stageResources(staging, config) {
  await buildUiForPackage(join(staging, trimSlashes(config.cli.resourcesPath)));
  writeFileSync(join(staging, 'neutralino.config.json'), `${JSON.stringify(config, null, 2)}\n`);
  for (const extra of [config.cli.clientLibrary, config.modes?.window?.icon]) {
    if (typeof extra !== 'string') continue;
    const path = trimSlashes(extra);
    const source = join(repositoryRoot, path);
    if (!existsSync(source)) throw new Error(`neutralino.config.json names ${extra}, which does not exist`);
    mkdirSync(join(staging, path, '..'), { recursive: true });
    copyFileSync(source, join(staging, path));
  }
  stripPackageExtras(staging);
}

/** Loads a library of `neu` (the Neutralino CLI, a dev dependency of the shell) from where neu finds it. */
function requireFromNeu(name) {
  const requireFromShell = createRequire(join(repositoryRoot, 'shell', 'package.json'));
  return createRequire(requireFromShell.resolve('@neutralinojs/neu/package.json'))(name);
}

async function writeResourcesFile(staging, target) {
  // The same asar writer `neu build` uses, so the runtime reads it as it reads neu's.
  const asar = requireFromNeu('@electron/asar');
  await asar.createPackage(staging, target);
}

/** The keychain module for the platform it was installed for (npm installs only this machine's). */
function copyKeyring(hostDirectory, platformName) {
  const [nodePlatform, nodeArch] = PLATFORMS[platformName].node;
  if (nodePlatform !== process.platform || nodeArch !== process.arch) return undefined;
  const requireHere = createRequire(join(repositoryRoot, 'core', 'package.json'));
  let keyringDirectory;
  try {
    keyringDirectory = resolve(requireHere.resolve('@napi-rs/keyring/package.json'), '..');
  } catch {
    return undefined;
  }
  const scope = resolve(keyringDirectory, '..');
  const natives = readdirSync(scope).filter((name) => name.startsWith(`keyring-${nodePlatform === 'win32' ? 'win32' : nodePlatform}-${nodeArch}`));
  if (natives.length === 0) return undefined;
  const target = join(hostDirectory, 'node_modules', '@napi-rs');
  for (const name of ['keyring', ...natives]) cpSync(join(scope, name), join(target, name), { recursive: true });
  return natives;
}

/**
 * The database module as npm built it here, for this machine's platform only: its JavaScript, its
 * native binary and the two small packages that find the binary. Another platform's package has
 * none (the host then keeps its data in JSON files and says so).
 */
function copyDatabaseModule(hostDirectory, platformName) {
  const [nodePlatform, nodeArch] = PLATFORMS[platformName].node;
  if (nodePlatform !== process.platform || nodeArch !== process.arch) return false;
  const requireHere = createRequire(join(repositoryRoot, 'core', 'package.json'));
  let moduleDirectory;
  try {
    moduleDirectory = resolve(requireHere.resolve('better-sqlite3/package.json'), '..');
  } catch {
    return false;
  }
  const binary = join(moduleDirectory, 'build', 'Release', 'better_sqlite3.node');
  if (!existsSync(binary)) return false;
  const target = join(hostDirectory, 'node_modules', 'better-sqlite3');
  for (const name of ['package.json', 'LICENSE', 'lib']) cpSync(join(moduleDirectory, name), join(target, name), { recursive: true });
  mkdirSync(join(target, 'build', 'Release'), { recursive: true });
  copyFileSync(binary, join(target, 'build', 'Release', 'better_sqlite3.node'));
  const requireModule = createRequire(join(moduleDirectory, 'package.json'));
  for (const dependency of ['bindings', 'file-uri-to-path']) {
    const directory = resolve(requireModule.resolve(`${dependency}/package.json`), '..');
    cpSync(directory, join(hostDirectory, 'node_modules', dependency), { recursive: true });
  }
  return true;
}

/** `.tar.gz` with the system's tar (keeps the runtime's execute bit); `.zip` with the zip writer `neu build --release` uses. */
async function archive(platformName, appDirectory, outDirectory) {
  const name = basename(appDirectory);
  const archives = [];
  for (const format of PLATFORMS[platformName].archives) {
    const file = join(outDirectory, `${name}.${format}`);
    rmSync(file, { force: true });
    if (format === 'zip') {
      const zl = requireFromNeu('zip-lib');
      const zip = new zl.Zip();
      zip.addFolder(appDirectory, name);
      await zip.archive(file);
    } else {
      const result = spawnSync('tar', ['-czf', file, '-C', outDirectory, name], { stdio: ['ignore', 'ignore', 'pipe'] });
      if (result.error || result.status !== 0) {
        say(`Could not write ${basename(file)}: ${result.error?.message ?? result.stderr.toString().trim()} (needs the "tar" command).`);
        continue;
      }
    }
    archives.push(file);
  }
  return archives;
}

/**
 * Builds the packages. Resolves with what was made per platform (paths, sizes, missing runtime).
 * @param {{ platforms?: string[], out?: string, requireRuntime?: boolean }} options
 */
export async function packageDesktop(options = {}) {
  const platforms = options.platforms ?? [currentPlatform()].filter(Boolean);
  if (platforms.length === 0) throw new Error(`Neutralino has no runtime for ${process.platform}/${process.arch}; pass --platform`);
  for (const name of platforms) if (!(name in PLATFORMS)) throw new Error(`Unknown platform "${name}" (one of ${Object.keys(PLATFORMS).join(', ')})`);
  const out = resolve(options.out ?? join(repositoryRoot, 'dist', 'desktop'));
  const config = JSON.parse(readFileSync(join(repositoryRoot, 'neutralino.config.json'), 'utf8'));
  const binaryName = config.cli.binaryName;
  mkdirSync(out, { recursive: true });

  const work = join(out, '.work');
  rmSync(work, { recursive: true, force: true });
  say('Building the UI without source maps…');
  await stageResources(join(work, 'resources'), config);
  await writeResourcesFile(join(work, 'resources'), join(work, 'resources.neu'));
  say('Bundling the host into one file…');
  const bundle = await bundleHost({ entry: 'neutralino-extension.ts', outfile: join(work, 'neutralino-extension.js') });

  const results = [];
  for (const platformName of platforms) {
    const platform = PLATFORMS[platformName];
    const appDirectory = join(out, `${binaryName}-${platformName}`);
    rmSync(appDirectory, { recursive: true, force: true });
    const hostDirectory = join(appDirectory, 'shell', 'dist', 'host');
    mkdirSync(hostDirectory, { recursive: true });
    copyFileSync(join(work, 'resources.neu'), join(appDirectory, 'resources.neu'));
    copyFileSync(bundle.outfile, join(hostDirectory, 'neutralino-extension.js'));
    // Tells Node the bundle is an ES module (no package.json above it in the package).
    writeFileSync(join(hostDirectory, 'package.json'), `${JSON.stringify({ type: 'module', private: true, version: shellVersion() }, null, 2)}\n`);
    cpSync(join(repositoryRoot, 'shell', 'extension'), join(appDirectory, 'shell', 'extension'), { recursive: true });
    chmodSync(join(appDirectory, 'shell', 'extension', 'kanbots-host.sh'), 0o755);
    const keyring = copyKeyring(hostDirectory, platformName);
    const database = copyDatabaseModule(hostDirectory, platformName);

    const runtimeSource = findRuntime(platform.binary);
    const runtimeName = platform.binary.replace('neutralino', binaryName);
    if (runtimeSource) {
      copyFileSync(runtimeSource, join(appDirectory, runtimeName));
      chmodSync(join(appDirectory, runtimeName), 0o755);
    } else {
      const where = runtimeDirectories().map((directory) => relative(repositoryRoot, directory) || '.').join(' or ');
      say(`The Neutralino runtime for ${platformName} is MISSING (no ${platform.binary} in ${where}): kanbots-${platformName} has everything else but cannot open a window until ${runtimeName} is added (run "npx neu update" in shell/neutralino with internet, then package again).`);
      if (options.requireRuntime) throw new Error(`The Neutralino runtime ${platform.binary} is missing`);
    }
    const archives = await archive(platformName, appDirectory, out);
    const sizes = {
      runtime: runtimeSource ? sizeOf(join(appDirectory, runtimeName)) : 0,
      resources: sizeOf(join(appDirectory, 'resources.neu')),
      host: sizeOf(join(hostDirectory, 'neutralino-extension.js')),
      keyring: sizeOf(join(hostDirectory, 'node_modules', '@napi-rs')),
      database: ['better-sqlite3', 'bindings', 'file-uri-to-path'].reduce((total, name) => total + sizeOf(join(hostDirectory, 'node_modules', name)), 0),
      total: sizeOf(appDirectory),
      archives: Object.fromEntries(archives.map((file) => [basename(file), sizeOf(file)])),
    };
    results.push({ platform: platformName, directory: appDirectory, archives, runtime: runtimeSource !== undefined, keyring: keyring !== undefined, database, sizes });
  }
  rmSync(work, { recursive: true, force: true });
  return results;
}

function report(results) {
  for (const result of results) {
    const { sizes } = result;
    const lines = [
      `${basename(result.directory)}: ${formatSize(sizes.total)} unpacked`,
      `  runtime          ${result.runtime ? formatSize(sizes.runtime) : 'MISSING'}`,
      `  resources.neu    ${formatSize(sizes.resources)} (UI + config, no source maps)`,
      `  host bundle      ${formatSize(sizes.host)} (one file; needs Node >= 20.19 on PATH)`,
      `  keychain module  ${result.keyring ? formatSize(sizes.keyring) : 'not included (secrets go to the 0600 file in the config directory)'}`,
      `  database module  ${result.database ? formatSize(sizes.database) : 'not included (built on another platform: the data stays in JSON files)'}`,
      ...Object.entries(sizes.archives).map(([name, bytes]) => `  ${name}  ${formatSize(bytes)}`),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  }
}

async function main() {
  const { values } = parseArgs({
    options: { platform: { type: 'string' }, all: { type: 'boolean' }, out: { type: 'string' }, 'require-runtime': { type: 'boolean' }, json: { type: 'boolean' } },
    strict: true,
  });
  const platforms = values.all ? Object.keys(PLATFORMS) : values.platform?.split(',').map((name) => name.trim());
  const results = await packageDesktop({ ...(platforms ? { platforms } : {}), ...(values.out ? { out: values.out } : {}), requireRuntime: values['require-runtime'] === true });
  if (values.json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  else report(results);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    say(`Packaging failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
