import path from 'node:path';
import type { CommandNetworkAccess, SandboxLayout } from './command-sandbox.js';

/**
 * The Seatbelt (`sandbox-exec -p <profile>`) profile of a sandboxed command on macOS: the same
 * rules as the Linux sandbox, written as rules instead of mounts. Pure.
 *
 * - Deny by default; allow running and forking processes, signals and process information only
 *   within the sandbox, sysctl reads, terminals, POSIX IPC and the few system services a shell and
 *   its tools need to look up users and log (not the keychain's).
 * - Reads: everything, except the user's home and the hidden places (the Kanbots data and
 *   configuration directories); inside those, the worktree, the toolchains, the git common dir
 *   and the private directory are readable again, and the ancestors of those can be stat'ed (not
 *   listed), so paths resolve.
 * - Writes: only the worktree, git's few writable places (see git-sandbox-paths.ts), the private
 *   directory (the command's HOME and TMPDIR, made fresh for each command) and /dev's sinks and
 *   terminals; the read-only overlays (the `.git` pointer, git config and hooks) never.
 * - Network: none when off (Unix sockets included), everything when on.
 * Later rules are more specific than earlier ones, so the profile means the same whether Seatbelt
 * resolves a conflict by order or by specificity.
 */

export interface SeatbeltInvocation {
  layout: SandboxLayout;
  network: CommandNetworkAccess;
  /** The fresh directory used as HOME and TMPDIR of the command (real path). */
  privateDirectory: string;
}

/** An SBPL string literal. */
export function seatbeltString(value: string): string {
  if (value.includes('\0')) throw new TypeError('A sandbox path cannot contain a NUL byte');
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

const subpath = (value: string): string => `(subpath ${seatbeltString(value)})`;
const literal = (value: string): string => `(literal ${seatbeltString(value)})`;

function ancestors(paths: readonly string[]): string[] {
  const found = new Set<string>();
  for (const entry of paths) {
    let current = path.posix.dirname(entry);
    while (!found.has(current)) {
      found.add(current);
      const parent = path.posix.dirname(current);
      if (parent === current) break;
      current = parent;
    }
  }
  return [...found].sort();
}

const systemServices = [
  'com.apple.system.opendirectoryd.libinfo',
  'com.apple.system.logger',
  'com.apple.system.notification_center',
  'com.apple.logd',
  'com.apple.diagnosticd',
  'com.apple.trustd.agent',
];

export function seatbeltProfile({ layout, network, privateDirectory }: SeatbeltInvocation): string {
  const readable = [layout.worktree, privateDirectory, ...layout.readOnly, ...layout.writable];
  const writable = [layout.worktree, privateDirectory, ...layout.writable];
  const lines = [
    '(version 1)',
    '(deny default)',
    '(allow process-exec)',
    '(allow process-fork)',
    '(allow signal (target same-sandbox))',
    '(allow process-info* (target same-sandbox))',
    '(allow sysctl-read)',
    '(allow pseudo-tty)',
    '(allow file-ioctl)',
    '(allow ipc-posix-sem)',
    '(allow ipc-posix-shm)',
    `(allow mach-lookup ${systemServices.map((name) => `(global-name ${seatbeltString(name)})`).join(' ')})`,
    ';; reads: everything but home and the hidden places, then the command\'s own places again',
    '(allow file-read*)',
    `(deny file-read* ${[layout.home, ...layout.hidden].map(subpath).join(' ')})`,
    `(allow file-read-metadata ${ancestors(readable).map(literal).join(' ')})`,
    `(allow file-read* ${readable.map(subpath).join(' ')})`,
    ';; writes: the worktree, git\'s own places, the private directory, /dev sinks and terminals',
    `(allow file-write* ${writable.map(subpath).join(' ')} ${literal('/dev/null')} ${literal('/dev/zero')} (regex #"^/dev/tty") (regex #"^/dev/fd/"))`,
  ];
  if (layout.readOnlyOverlays.length > 0) lines.push(`(deny file-write* ${layout.readOnlyOverlays.map((entry) => `${literal(entry)} ${subpath(entry)}`).join(' ')})`);
  lines.push(network === 'on' ? '(allow network*)' : ';; network: off');
  return `${lines.join('\n')}\n`;
}
