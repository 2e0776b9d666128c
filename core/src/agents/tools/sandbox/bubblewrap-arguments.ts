import { isPathInside } from '../worktree-paths.js';
import type { CommandNetworkAccess, SandboxLayout } from './command-sandbox.js';
import type { SystemEntry } from './sandbox-layout.js';

/**
 * The bubblewrap (`bwrap`) command line of a sandboxed command. Pure: the same layout always gives
 * the same arguments.
 *
 * - The new root starts empty: only the system directories (read-only), a fresh `/proc` of a new
 *   PID namespace (the host's processes and their `/proc/<pid>/environ` do not exist there), a
 *   minimal `/dev`, and private, empty `/tmp`, `/var/tmp` and home exist; toolchains and the git
 *   common dir are mounted read-only, the worktree and git's few writable places read-write.
 * - Hidden places (the Kanbots data and configuration directories) that lie inside a mounted
 *   system directory get an empty directory mounted over them; elsewhere they are simply absent.
 * - `--unshare-all` (user, IPC, PID, network, UTS, cgroup namespaces), `--share-net` only when the
 *   run allows the network; `--cap-drop ALL` (so a root host cannot remount anything writable);
 *   `--new-session` (no terminal injection); `--die-with-parent` (bwrap, and with its PID
 *   namespace every process of the command, dies when the host dies, even by SIGKILL).
 */

export interface BubblewrapInvocation {
  layout: SandboxLayout;
  system: readonly SystemEntry[];
  network: CommandNetworkAccess;
  /** The program and arguments to run inside, e.g. `['/bin/sh', '-c', command]`. */
  command: readonly string[];
}

export function bubblewrapArguments({ layout, system, network, command }: BubblewrapInvocation): string[] {
  const args = ['--die-with-parent', '--new-session', '--unshare-all'];
  if (network === 'on') args.push('--share-net');
  args.push('--cap-drop', 'ALL');
  for (const entry of system) {
    if (entry.symlink !== undefined) args.push('--symlink', entry.symlink, entry.path);
    else args.push('--ro-bind', entry.path, entry.path);
  }
  args.push('--proc', '/proc', '--dev', '/dev', '--tmpfs', '/tmp', '--tmpfs', '/var/tmp', '--tmpfs', layout.home);
  const systemDirectories = system.filter((entry) => entry.symlink === undefined).map((entry) => entry.path);
  for (const place of layout.hidden) {
    if (systemDirectories.some((directory) => isPathInside(directory, place))) args.push('--tmpfs', place);
  }
  for (const directory of layout.readOnly) args.push('--ro-bind', directory, directory);
  args.push('--bind', layout.worktree, layout.worktree);
  for (const directory of layout.writable) args.push('--bind', directory, directory);
  for (const entry of layout.readOnlyOverlays) args.push('--ro-bind', entry, entry);
  args.push('--chdir', layout.worktree, '--', ...command);
  return args;
}
