import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  CLIENT_LIBRARY_NATIVE_CALLS,
  EXTENSION_COMMAND_KEYS,
  EXTENSION_ID_PATTERN,
  MODES,
  MODE_OR_TOP_LEVEL_KEYS,
  NL_PATH_CONSTANT,
  TOP_LEVEL_ONLY_KEYS,
  WINDOW_ONLY_KEYS,
  allowListAllows,
} from './neutralino-runtime-facts.js';

/**
 * neutralino.config.json against what the Neutralino 6.9 runtime reads from where
 * (neutralino-runtime-facts.ts cites the runtime's lines). A key in the wrong place is silently
 * ignored by the runtime, which is how the window once stayed on "Connecting…" forever.
 */

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..');
const uiSources = join(root, 'shell', 'src', 'ui');
const hostSources = join(root, 'shell', 'src', 'host');

interface Config {
  [key: string]: unknown;
  modes: Record<string, Record<string, unknown>>;
  cli: Record<string, string>;
  extensions: Record<string, string>[];
  nativeAllowList: string[];
}

const config = JSON.parse(readFileSync(join(root, 'neutralino.config.json'), 'utf8')) as Config;
const windowOptions = config.modes['window'] ?? {};

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** Source text without comments, so that only code is matched. */
const code = (text: string): string => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
const uiFiles = sourceFiles(uiSources).map((path) => ({ path: relative(root, path), text: code(readFileSync(path, 'utf8')) }));
const libraryImporters = uiFiles.filter((file) => /from '@neutralinojs\/lib'/.test(file.text));

/** `/shell/dist/ui/` → `shell/dist/ui` (the neu CLI's `utils.trimPath`). */
const trimPath = (path: string): string => path.replace(/^\/+/, '').replace(/\/+$/, '');

describe('neutralino.config.json against the Neutralino 6.9 runtime', () => {
  it('has window options only under modes.window, where the runtime reads them', () => {
    const misplaced = WINDOW_ONLY_KEYS.filter((key) => key in config);
    expect(misplaced, 'window options at the top level are ignored by the runtime').toEqual([]);
    const known = new Set<string>([...WINDOW_ONLY_KEYS, ...MODE_OR_TOP_LEVEL_KEYS]);
    expect(Object.keys(windowOptions).filter((key) => !known.has(key))).toEqual([]);
    expect(Object.keys(config.modes).filter((mode) => !(MODES as readonly string[]).includes(mode))).toEqual([]);
  });

  it('has at the top level only keys the runtime (or the neu CLI) reads from there', () => {
    const known = new Set<string>([...TOP_LEVEL_ONLY_KEYS, ...MODE_OR_TOP_LEVEL_KEYS]);
    expect(Object.keys(config).filter((key) => !known.has(key))).toEqual([]);
    expect(config['defaultMode']).toBe('window');
  });

  it('serves the UI and allows the native API and extensions (each is off when missing)', () => {
    expect(config['enableServer']).toBe(true);
    expect(config['enableNativeAPI']).toBe(true);
    expect(config['enableExtensions']).toBe(true);
    expect(trimPath(String(config['documentRoot']))).toBe('shell/dist/ui');
    expect(trimPath(config.cli['resourcesPath']!)).toBe('shell/dist/ui');
    expect(readFileSync(join(root, 'shell', 'vite.config.ts'), 'utf8')).toContain("outDir: 'dist/ui'");
  });

  it('gets the client library to the page exactly one way, spending the one-time token once', () => {
    const injectsLibrary = windowOptions['injectClientLibrary'] === true;
    if (injectsLibrary) {
      expect(libraryImporters, 'the UI must not import the library the runtime injects').toEqual([]);
      expect(config.cli['clientLibrary'], 'injectClientLibrary needs cli.clientLibrary').toBeDefined();
      expect(existsSync(join(root, trimPath(config.cli['clientLibrary']!)))).toBe(true);
      expect(windowOptions['injectGlobals'], 'injectGlobals would spend the token first').not.toBe(true);
    } else {
      // The UI bundles @neutralinojs/lib; its init() reads NL_PORT, NL_TOKEN and NL_ARGS, which
      // only injectGlobals provides.
      expect(libraryImporters.map((file) => file.path)).toEqual(['shell/src/ui/transport/neutralino-bridge.ts']);
      expect(windowOptions['injectGlobals']).toBe(true);
      const bridge = libraryImporters[0]!.text;
      expect(bridge.match(/\binit\(/g)?.length, 'init() is called in one place').toBe(1);
      expect(bridge).toMatch(/NL_PORT/);
      expect(bridge).toMatch(/NL_TOKEN/);
    }
    const shellPackage = JSON.parse(readFileSync(join(root, 'shell', 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(shellPackage.dependencies['@neutralinojs/lib']).toMatch(/^\^?6\./);
    expect(String(config.cli['clientVersion'])).toMatch(/^6\./);
  });

  it('allows every native method the UI and the host call, and nothing broader than needed', () => {
    const bridge = libraryImporters[0]?.text ?? '';
    const libraryCalls = [...bridge.matchAll(/\b(init|events|extensions|os|app)(?:\.(\w+))?\(/g)].map((match) => (match[2] ? `${match[1]}.${match[2]}` : match[1]!));
    const unknownCalls = libraryCalls.filter((call) => !(call in CLIENT_LIBRARY_NATIVE_CALLS));
    expect(unknownCalls, 'add what the client library sends for these to neutralino-runtime-facts.ts').toEqual([]);
    const uiMethods = libraryCalls.flatMap((call) => CLIENT_LIBRARY_NATIVE_CALLS[call] ?? []);
    const hostMethods = readdirSync(hostSources)
      .filter((name) => name.startsWith('neutralino-'))
      .flatMap((name) => [...code(readFileSync(join(hostSources, name), 'utf8')).matchAll(/(?:method: |call\()'([a-z]+\.[A-Za-z]+)'/g)].map((match) => match[1]!));
    expect(uiMethods).toContain('extensions.dispatch');
    expect(hostMethods).toContain('app.broadcast');
    const used = new Set([...uiMethods, ...hostMethods]);
    for (const method of used) expect(allowListAllows(config.nativeAllowList, method), `${method} is not in nativeAllowList`).toBe(true);
    expect(config['nativeBlockList'], 'a block list would replace the allow list').toBeUndefined();
    // Every entry is in use: the window can do no more than Kanbots needs.
    for (const entry of config.nativeAllowList) expect([...used].some((method) => allowListAllows([entry], method)), `${entry} is allowed but unused`).toBe(true);
  });

  it('starts the host extension with a command that resolves in the repository and in the packaged layout', () => {
    const bridge = libraryImporters[0]?.text ?? '';
    const hostId = /HOST_EXTENSION_ID = '([^']+)'/.exec(bridge)?.[1];
    expect(config.extensions.map((extension) => extension.id)).toContain(hostId);
    // The runtime starts the supervisor; the host it runs connects under its own, command-less id.
    const supervisorSource = code(readFileSync(join(hostSources, 'neutralino-supervisor.ts'), 'utf8'));
    expect(/HOST_EXTENSION_ID = '([^']+)'/.exec(supervisorSource)?.[1]).toBe(hostId);
    const supervisorId = /SUPERVISOR_EXTENSION_ID = '([^']+)'/.exec(supervisorSource)?.[1];
    expect(/SUPERVISOR_EXTENSION_ID = '([^']+)'/.exec(bridge)?.[1]).toBe(supervisorId);
    const commandKeysOf = (id: string | undefined) => Object.keys(config.extensions.find((extension) => extension.id === id) ?? {}).filter((key) => key !== 'id');
    expect(commandKeysOf(supervisorId).sort()).toEqual(['commandDarwin', 'commandLinux', 'commandWindows']);
    expect(commandKeysOf(hostId)).toEqual([]);
    const commands = config.extensions.flatMap((extension) => EXTENSION_COMMAND_KEYS.filter((key) => key in extension).map((key) => extension[key]!));
    expect(commands.length).toBeGreaterThanOrEqual(3);
    for (const extension of config.extensions) {
      expect(extension.id).toMatch(EXTENSION_ID_PATTERN);
      for (const key of Object.keys(extension)) expect(['id', ...EXTENSION_COMMAND_KEYS]).toContain(key);
    }
    const extensionsPath = trimPath(config.cli['extensionsPath']!);
    for (const command of commands) {
      // Either node on a script or a launcher, quoted, under NL_PATH: the repository for
      // `npm start` (it runs the runtime with --path=<repository>), the binary's directory in a
      // package.
      const match = /^(?:node )?"\$\{NL_PATH\}\/([^"]+)"$/.exec(command);
      expect(match, `"${command}" runs a file under ${NL_PATH_CONSTANT}, quoted`).not.toBeNull();
      const file = match![1]!;
      if (existsSync(join(root, file))) continue; // a file kept in the repository (a launcher)
      // A built file: `neu build` copies cli.extensionsPath to dist/<binaryName>/<extensionsPath>
      // next to the runtime binary (the neu CLI's src/modules/bundler.js, createAsarFile), and
      // shell/tsconfig.build.json compiles shell/src/host/*.ts to shell/dist/host/*.js.
      expect(file.startsWith(`${extensionsPath}/`), `${file} is under cli.extensionsPath`).toBe(true);
      const source = file.replace(/^shell\/dist\/host\//, 'shell/src/host/').replace(/\.js$/, '.ts');
      expect(existsSync(join(root, source)), `${source} builds ${file}`).toBe(true);
    }
    expect(windowOptions['exitProcessOnClose']).toBe(true);
    expect(readFileSync(join(root, 'scripts', 'start.mjs'), 'utf8')).toContain('`--path=${root}`');
  });
});
