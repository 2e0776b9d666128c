import { lstat, readlink, realpath } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { resolveConfigDir, resolveDataDir } from '../../../store/data-dir.js';
import { isPathInside } from '../worktree-paths.js';
import type { CommandNetworkAccess, SandboxLayout } from './command-sandbox.js';
import { gitIdentityEnvironment, gitSandboxPaths } from './git-sandbox-paths.js';

/**
 * Gathers what a sandboxed command may see (the file-system facts behind a `SandboxLayout`): the
 * worktree, the toolchains on PATH that live outside the system directories (nvm's node, ~/.cargo/bin…),
 * git's needs, and the places to hide. The platform builders turn it into mounts or rules.
 */

/** Read-only system directories of a Linux sandbox (those that exist are mounted; symlinks are kept as symlinks). */
export const linuxSystemDirectories = ['/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32', '/etc', '/opt', '/sys', '/nix/store'];

export interface SystemEntry {
  path: string;
  /** Set when the entry is a symlink (merged /usr: `/bin -> usr/bin`). */
  symlink?: string;
}

export interface PlanSandboxLayoutOptions {
  /** Real path of the worktree. */
  worktree: string;
  network: CommandNetworkAccess;
  /** More directories to hide (the Kanbots data and configuration directories are always hidden). */
  hiddenPaths?: readonly string[];
  /** Default: the host's PATH. */
  searchPath?: string;
  /** Default: this Node (`process.execPath`), so `node` and `npm` work in the sandbox. */
  nodeExecutable?: string;
  /** The system directories to look at; default `linuxSystemDirectories`. */
  systemDirectories?: readonly string[];
}

export interface PlannedSandbox {
  layout: SandboxLayout;
  system: SystemEntry[];
}

async function real(target: string): Promise<string | undefined> {
  return realpath(target).catch(() => undefined);
}

function unique(paths: Iterable<string>): string[] {
  return [...new Set(paths)];
}

/** True when `candidate` is `target` or one of its ancestors. */
function containsPath(candidate: string, target: string): boolean {
  return isPathInside(candidate, target);
}

async function systemEntries(directories: readonly string[]): Promise<SystemEntry[]> {
  const entries: SystemEntry[] = [];
  for (const directory of directories) {
    const info = await lstat(directory).catch(() => undefined);
    if (!info) continue;
    if (info.isSymbolicLink()) entries.push({ path: directory, symlink: await readlink(directory) });
    else if (info.isDirectory()) entries.push({ path: directory });
  }
  return entries;
}

export async function planSandboxLayout(options: PlanSandboxLayoutOptions): Promise<PlannedSandbox> {
  const worktree = options.worktree;
  const system = await systemEntries(options.systemDirectories ?? linuxSystemDirectories);
  const systemRoots = unique((await Promise.all(system.map((entry) => real(entry.path)))).filter((entry): entry is string => entry !== undefined));
  const insideSystem = (candidate: string): boolean => systemRoots.some((root) => isPathInside(root, candidate));

  const realHome = (await real(homedir())) ?? homedir();
  // A home that is `/` or a system directory cannot be replaced by an empty one: use a private one in /tmp.
  const home = realHome === path.parse(realHome).root || insideSystem(realHome) ? '/tmp/home' : realHome;
  const hidden = unique(
    (await Promise.all([resolveDataDir(), resolveConfigDir(), ...(options.hiddenPaths ?? [])].map((entry) => real(path.resolve(entry))))).filter(
      (entry): entry is string => entry !== undefined,
    ),
  );

  // Toolchains: each PATH directory and the prefix of this Node, unless they would uncover home or a hidden place.
  const nodeExecutable = await real(options.nodeExecutable ?? process.execPath);
  const candidates = [
    ...(options.searchPath ?? process.env['PATH'] ?? '').split(path.delimiter).filter((entry) => path.isAbsolute(entry)),
    ...(nodeExecutable === undefined ? [] : [path.dirname(path.dirname(nodeExecutable))]),
  ];
  const toolchains: string[] = [];
  for (const candidate of candidates) {
    const resolved = await real(candidate);
    if (resolved === undefined || insideSystem(resolved) || isPathInside(worktree, resolved)) continue;
    if (resolved === path.parse(resolved).root || containsPath(resolved, realHome) || hidden.some((place) => containsPath(resolved, place))) continue;
    toolchains.push(resolved);
  }

  // DNS: /etc/resolv.conf is often a symlink into /run, which the sandbox does not mount.
  const resolver = options.network === 'on' ? await real('/etc/resolv.conf') : undefined;
  const git = await gitSandboxPaths(worktree);
  const layout: SandboxLayout = {
    worktree,
    home,
    readOnly: unique([...toolchains, ...(resolver !== undefined && !insideSystem(resolver) ? [resolver] : []), ...git.readOnly]),
    hidden,
    writable: unique(git.writable),
    readOnlyOverlays: unique(git.readOnlyOverlays),
    environment: await gitIdentityEnvironment(worktree),
  };
  return { layout, system };
}
