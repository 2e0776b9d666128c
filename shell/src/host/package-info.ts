import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the shell's files are, from this module's place: `shell/src/host` when run from source,
 * `shell/dist/host` when built — both two levels below `shell/`.
 */
const shellDirectory = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export const SHELL_DIRECTORY = shellDirectory;

/** The built UI (`vite build` output). */
export const DEFAULT_UI_DIRECTORY = resolve(shellDirectory, 'dist', 'ui');

/** Set by the bundler (scripts/bundle-host.mjs) to the version it packaged; undefined from source or tsc output. */
declare const __KANBOTS_VERSION__: string | undefined;

/** The shell's version: the bundled one, else from its package.json. */
export const KANBOTS_VERSION: string = (() => {
  if (typeof __KANBOTS_VERSION__ === 'string') return __KANBOTS_VERSION__;
  try {
    const parsed = JSON.parse(readFileSync(resolve(shellDirectory, 'package.json'), 'utf8')) as { version?: unknown };
    return typeof parsed.version === 'string' ? parsed.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
})();
