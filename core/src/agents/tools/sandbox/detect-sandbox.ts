import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import type { SandboxKind } from './command-sandbox.js';

/**
 * Which OS sandbox this machine can run commands in: bubblewrap on Linux (Debian's and Ubuntu's
 * `bubblewrap` package, `/usr/bin/bwrap`), Seatbelt (`/usr/bin/sandbox-exec`) on macOS, none
 * elsewhere. A bubblewrap that is installed is also tried once (it needs unprivileged user
 * namespaces, which some systems turn off), so "available" means "a sandbox can be made here".
 * The answer is cached per executable for the life of the process.
 */

export interface SandboxAvailability {
  kind: SandboxKind;
  /** The sandbox program, when `kind` is not `none`. */
  executable?: string;
  /** Why there is no sandbox, in plain words (a sentence ending with a full stop). */
  reason?: string;
}

export const defaultBubblewrapPath = '/usr/bin/bwrap';
const seatbeltPath = '/usr/bin/sandbox-exec';

const cache = new Map<string, SandboxAvailability>();

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** `bwrap` from the given path, else `/usr/bin/bwrap`, else the first on PATH. */
function findBubblewrap(explicit: string | undefined, searchPath: string | undefined): string | undefined {
  if (explicit !== undefined) return isExecutable(explicit) ? explicit : undefined;
  if (isExecutable(defaultBubblewrapPath)) return defaultBubblewrapPath;
  for (const directory of (searchPath ?? '').split(path.delimiter)) {
    if (!path.isAbsolute(directory)) continue;
    const candidate = path.join(directory, 'bwrap');
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

/** Makes one throw-away sandbox like the real ones (namespaces, dropped capabilities). */
function probeBubblewrap(executable: string): string | undefined {
  const probe = spawnSync(
    executable,
    ['--ro-bind', '/', '/', '--proc', '/proc', '--dev', '/dev', '--unshare-all', '--die-with-parent', '--new-session', '--cap-drop', 'ALL', '--', 'true'],
    { stdio: ['ignore', 'ignore', 'pipe'], timeout: 10_000, encoding: 'utf8' },
  );
  if (probe.status === 0) return undefined;
  const detail = (probe.stderr ?? '').trim().split('\n')[0] ?? '';
  return detail === '' ? (probe.error?.message ?? `exit status ${probe.status}`) : detail;
}

export interface DetectSandboxOptions {
  platform?: NodeJS.Platform;
  /** Where bubblewrap is (default `/usr/bin/bwrap`, then PATH). */
  bubblewrapPath?: string;
  /** PATH to search for `bwrap`; default the host's. */
  searchPath?: string;
}

export function detectCommandSandbox(options: DetectSandboxOptions = {}): SandboxAvailability {
  const platform = options.platform ?? process.platform;
  if (platform === 'linux') {
    const executable = findBubblewrap(options.bubblewrapPath, options.searchPath ?? process.env['PATH']);
    if (executable === undefined) {
      return { kind: 'none', reason: 'bubblewrap is not installed (install the "bubblewrap" package, e.g. "apt install bubblewrap").' };
    }
    const cached = cache.get(executable);
    if (cached) return cached;
    const failure = probeBubblewrap(executable);
    const availability: SandboxAvailability =
      failure === undefined
        ? { kind: 'bubblewrap', executable }
        : { kind: 'none', reason: `bubblewrap (${executable}) cannot create a sandbox on this system (${failure}); unprivileged user namespaces may be turned off.` };
    cache.set(executable, availability);
    return availability;
  }
  if (platform === 'darwin') {
    return isExecutable(seatbeltPath)
      ? { kind: 'seatbelt', executable: seatbeltPath }
      : { kind: 'none', reason: 'sandbox-exec is missing from this Mac.' };
  }
  return { kind: 'none', reason: `Kanbots has no command sandbox for this platform (${platform}).` };
}
