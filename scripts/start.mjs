#!/usr/bin/env node
/**
 * `npm start`: build what is missing or stale, then open Kanbots — in the Neutralino desktop
 * window when its runtime is here (fetching it once with `neu update` when online), otherwise in
 * the browser through `kanbots serve --open`, saying why. Never fails for want of internet.
 *
 *   npm start                 window if possible, else browser
 *   npm start -- --browser    always the browser
 *   npm start -- --port 8080  arguments after -- go to `kanbots serve`
 *
 * Environment: KANBOTS_NEUTRALINO_BINARY (a runtime binary to use), KANBOTS_NO_NEU_UPDATE=1 (never
 * download), KANBOTS_HOME (data directory).
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { lookup } from 'node:dns/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const shell = join(root, 'shell');
const neutralinoDirectory = join(shell, 'neutralino');
const NEU_UPDATE_TIMEOUT_MS = 120_000;

const say = (message) => process.stderr.write(`[kanbots] ${message}\n`);

/** Newest modification time under the given files/directories (0 when none exist). */
function newestMtime(paths) {
  let newest = 0;
  const visit = (path) => {
    if (!existsSync(path)) return;
    const info = statSync(path);
    if (info.isDirectory()) {
      for (const entry of readdirSync(path)) if (entry !== 'node_modules' && entry !== 'dist') visit(join(path, entry));
    } else newest = Math.max(newest, info.mtimeMs);
  };
  paths.forEach(visit);
  return newest;
}

function isStale(output, sources) {
  return !existsSync(output) || statSync(output).mtimeMs < newestMtime(sources);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32', ...options });
  return result.status ?? 1;
}

function build() {
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const steps = [
    { name: 'core', output: join(root, 'core', 'dist', 'index.js'), sources: [join(root, 'core', 'src'), join(root, 'core', 'tsconfig.build.json'), join(root, 'tsconfig.base.json')], command: [process.execPath, tsc, '-p', 'core/tsconfig.build.json'] },
    { name: 'host', output: join(shell, 'dist', 'host', 'cli.js'), sources: [join(shell, 'src', 'host'), join(shell, 'tsconfig.build.json'), join(root, 'core', 'dist', 'index.d.ts')], command: [process.execPath, tsc, '-p', 'shell/tsconfig.build.json'] },
    { name: 'UI', output: join(shell, 'dist', 'ui', 'index.html'), sources: [join(shell, 'src', 'ui'), join(shell, 'index.html'), join(shell, 'vite.config.ts'), join(shell, 'public'), join(root, 'core', 'src', 'model'), join(root, 'core', 'src', 'protocol')], command: [process.execPath, join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'], cwd: shell, requires: [join(shell, 'vite.config.ts'), join(shell, 'index.html')] },
  ];
  for (const step of steps) {
    if (step.requires?.some((path) => !existsSync(path))) {
      say(`Skipping the ${step.name} build: ${step.requires.filter((path) => !existsSync(path)).map((path) => path.slice(root.length + 1)).join(', ')} not there yet.`);
      continue;
    }
    if (!isStale(step.output, step.sources)) continue;
    say(`Building ${step.name}…`);
    const [command, ...args] = step.command;
    const status = run(command, args, step.cwd ? { cwd: step.cwd } : {});
    if (status !== 0) {
      if (!existsSync(step.output)) {
        say(`The ${step.name} build failed (exit code ${status}).`);
        process.exit(1);
      }
      say(`The ${step.name} build reported errors (exit code ${status}); continuing with what it produced.`);
    }
  }
}

function runtimeBinaryName() {
  const names = {
    linux: { x64: 'neutralino-linux_x64', arm64: 'neutralino-linux_arm64', arm: 'neutralino-linux_armhf' },
    darwin: { x64: 'neutralino-mac_x64', arm64: 'neutralino-mac_arm64' },
    win32: { x64: 'neutralino-win_x64.exe' },
  };
  return names[process.platform]?.[process.arch];
}

function findRuntime(binaryName) {
  const configured = process.env.KANBOTS_NEUTRALINO_BINARY;
  if (configured) return existsSync(configured) ? configured : undefined;
  if (!binaryName) return undefined;
  return [join(neutralinoDirectory, 'bin', binaryName), join(root, 'bin', binaryName)].find((path) => existsSync(path));
}

async function isOnline() {
  try {
    await Promise.race([lookup('github.com'), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 3000))]);
    return true;
  } catch {
    return false;
  }
}

/** Runs `neu update` in shell/neutralino (binaries land in shell/neutralino/bin, which git ignores). */
async function fetchRuntime() {
  if (process.env.KANBOTS_NO_NEU_UPDATE === '1') return 'downloading is disabled (KANBOTS_NO_NEU_UPDATE=1)';
  if (!(await isOnline())) return 'this machine is offline, so it could not be downloaded';
  mkdirSync(neutralinoDirectory, { recursive: true });
  const configCopy = join(neutralinoDirectory, 'neutralino.config.json');
  copyFileSync(join(root, 'neutralino.config.json'), configCopy);
  const localNeu = join(root, 'node_modules', '@neutralinojs', 'neu', 'bin', 'neu.js');
  const [command, args] = existsSync(localNeu) ? [process.execPath, [localNeu, 'update']] : ['npx', ['--yes', '@neutralinojs/neu', 'update']];
  say('Fetching the Neutralino runtime once (neu update)…');
  try {
    const status = await new Promise((resolvePromise) => {
      const child = spawn(command, args, { cwd: neutralinoDirectory, stdio: ['ignore', 'inherit', 'inherit'], shell: process.platform === 'win32' });
      const timer = setTimeout(() => {
        child.kill();
        resolvePromise('timed out');
      }, NEU_UPDATE_TIMEOUT_MS);
      child.once('error', (error) => {
        clearTimeout(timer);
        resolvePromise(error.message);
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        resolvePromise(code === 0 ? undefined : `neu update exited with code ${code}`);
      });
    });
    return status;
  } finally {
    rmSync(configCopy, { force: true });
  }
}

/** Runs a child in the foreground and waits for it. */
function foreground(command, args) {
  return new Promise((resolvePromise) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit' });
    // Forwarded as well, for when the signal does not come from a terminal (the child ignores repeats).
    const forward = (signal) => child.kill(signal);
    const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'];
    for (const signal of signals) process.on(signal, forward);
    child.once('error', (error) => resolvePromise({ error }));
    child.once('exit', (code, signal) => {
      for (const name of signals) process.off(name, forward);
      resolvePromise({ code: code ?? (signal ? 1 : 0) });
    });
  });
}

async function main() {
  const args = process.argv.slice(2);
  const forceBrowser = args.includes('--browser');
  const serveArgs = args.filter((arg) => arg !== '--browser' && arg !== '--demo');
  build();

  if (args.includes('--demo')) {
    // The demo always runs for a browser tab: it is a throwaway board with a scripted model.
    say('Starting the demo: a sample repository and board whose agents follow a SCRIPTED model (no AI, no API key).');
    const result = await foreground(process.execPath, [join(shell, 'bin', 'kanbots.js'), 'demo', '--open', ...serveArgs]);
    process.exit(result.error ? 1 : result.code);
  }

  let reason;
  const binaryName = runtimeBinaryName();
  if (forceBrowser) reason = 'you asked for the browser';
  else if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) reason = 'no graphical display (DISPLAY/WAYLAND_DISPLAY unset)';
  else if (!binaryName && !process.env.KANBOTS_NEUTRALINO_BINARY) reason = `no Neutralino build for ${process.platform}/${process.arch}`;
  else {
    let runtime = findRuntime(binaryName);
    if (!runtime) {
      const failure = await fetchRuntime();
      runtime = findRuntime(binaryName);
      if (!runtime) reason = `the runtime is not installed and ${failure ?? 'neu update did not provide it'}`;
    }
    if (runtime) {
      say('Opening the Kanbots window…');
      const result = await foreground(runtime, ['--load-dir-res', `--path=${root}`]);
      if (!result.error) process.exit(result.code);
      reason = `it could not start: ${result.error.message}`;
    }
  }
  say(`Neutralino runtime not available (${reason}): opening Kanbots in your browser instead.`);
  const result = await foreground(process.execPath, [join(shell, 'bin', 'kanbots.js'), 'serve', '--open', ...serveArgs]);
  process.exit(result.error ? 1 : result.code);
}

main().catch((error) => {
  say(`npm start failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
