import { createHash } from 'node:crypto';
import { chmod, lstat, mkdir, readdir, readFile, readlink, realpath, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { parseConfigListing } from './git-driver-overrides.js';
import type { GitRunner } from './git-runner.js';

/**
 * A copy of everything in a repository that decides which programs git runs: the shared
 * configuration (`<git dir>/config`, `config.worktree`), the attributes (`.gitattributes` of the
 * checkout, `<git dir>/info/attributes`) and every file of the hooks folders (`<git dir>/hooks`
 * and the `core.hooksPath` target). Taken when a run starts; compared at its gate
 * (git-config-changes.ts); restored by "Undo these changes".
 */

export type GitConfigRole = 'config' | 'attributes' | 'hooks';

export interface SnapshotEntry {
  /** Absolute path. */
  path: string;
  role: GitConfigRole;
  state: 'file' | 'symlink' | 'absent';
  /** sha256 of the content (files) or of the link target (symlinks). */
  hash?: string;
  /** base64 content, when not larger than `maximumContentBytes`. */
  content?: string;
  mode?: number;
  target?: string;
}

export interface GitConfigSnapshot {
  version: 1;
  /** The checkout's top level. */
  repository: string;
  gitDirectory: string;
  takenAt: number;
  /** Folders whose every file is part of the snapshot (the hooks folders), absolute. */
  folders: { path: string; role: GitConfigRole }[];
  entries: SnapshotEntry[];
}

const maximumContentBytes = 4 * 1024 * 1024;
const maximumFolderFiles = 500;

/** Where the files of a snapshot live, found through git (the repository may be a linked worktree). */
async function locations(git: GitRunner, repository: string): Promise<{ top: string; gitDirectory: string; files: { path: string; role: GitConfigRole }[]; folders: { path: string; role: GitConfigRole }[] }> {
  const top = await realpath(await git.line(repository, ['rev-parse', '--show-toplevel']));
  const common = await git.line(top, ['rev-parse', '--git-common-dir']);
  const gitDirectory = await realpath(isAbsolute(common) ? common : resolve(top, common));
  const folders = [{ path: join(gitDirectory, 'hooks'), role: 'hooks' as const }];
  const hooksPath = configuredHooksPath(parseConfigListing(await git.text(top, ['config', '--list', '--show-scope', '--show-origin', '-z'])));
  if (hooksPath !== undefined && hooksPath !== '') {
    const expanded = hooksPath.startsWith('~/') ? join(homedir(), hooksPath.slice(2)) : hooksPath;
    const absolute = await realpath(isAbsolute(expanded) ? expanded : resolve(top, expanded)).catch(() => (isAbsolute(expanded) ? expanded : resolve(top, expanded)));
    if (absolute !== folders[0]!.path) folders.push({ path: absolute, role: 'hooks' });
  }
  const files = [
    { path: join(gitDirectory, 'config'), role: 'config' as const },
    { path: join(gitDirectory, 'config.worktree'), role: 'config' as const },
    { path: join(gitDirectory, 'info', 'attributes'), role: 'attributes' as const },
    { path: join(top, '.gitattributes'), role: 'attributes' as const },
  ];
  return { top, gitDirectory, files, folders };
}

/** The hooks folder git uses, ignoring Kanbots' own command-scope setting. */
function configuredHooksPath(entries: ReturnType<typeof parseConfigListing>): string | undefined {
  let value: string | undefined;
  for (const entry of entries) if (entry.scope !== 'command' && entry.key.toLowerCase() === 'core.hookspath') value = entry.value;
  return value;
}

async function captureEntry(path: string, role: GitConfigRole): Promise<SnapshotEntry> {
  const info = await lstat(path).catch(() => undefined);
  if (info === undefined || (!info.isFile() && !info.isSymbolicLink())) return { path, role, state: 'absent' };
  if (info.isSymbolicLink()) {
    const target = await readlink(path);
    return { path, role, state: 'symlink', target, hash: createHash('sha256').update(target).digest('hex') };
  }
  const bytes = await readFile(path);
  const entry: SnapshotEntry = { path, role, state: 'file', mode: info.mode & 0o777, hash: createHash('sha256').update(bytes).digest('hex') };
  if (bytes.length <= maximumContentBytes) entry.content = bytes.toString('base64');
  return entry;
}

/** Every file under `folder` (two levels deep, as husky's `.husky/_/` needs), absolute paths. */
export async function folderFiles(folder: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (directory: string, depth: number): Promise<void> => {
    const children = await readdir(directory, { withFileTypes: true }).catch(() => []);
    for (const child of children.sort((a, b) => a.name.localeCompare(b.name))) {
      if (found.length >= maximumFolderFiles) return;
      const path = join(directory, child.name);
      if (child.isDirectory() && depth < 2) await walk(path, depth + 1);
      else if (child.isFile() || child.isSymbolicLink()) found.push(path);
    }
  };
  await walk(folder, 1);
  return found;
}

/** Captures the current state of the files a snapshot covers. */
export async function captureEntries(snapshot: Pick<GitConfigSnapshot, 'folders' | 'entries'>): Promise<SnapshotEntry[]> {
  const roles = new Map(snapshot.entries.map((entry) => [entry.path, entry.role]));
  for (const folder of snapshot.folders) for (const path of await folderFiles(folder.path)) if (!roles.has(path)) roles.set(path, folder.role);
  return Promise.all([...roles].map(([path, role]) => captureEntry(path, role)));
}

export async function takeGitConfigSnapshot(git: GitRunner, repository: string, now: number): Promise<GitConfigSnapshot> {
  const { top, gitDirectory, files, folders } = await locations(git, repository);
  const entries = await Promise.all(files.map((file) => captureEntry(file.path, file.role)));
  for (const folder of folders) for (const path of await folderFiles(folder.path)) entries.push(await captureEntry(path, folder.role));
  return { version: 1, repository: top, gitDirectory, takenAt: now, folders, entries };
}

/**
 * Puts back `paths` as the snapshot recorded them: rewrites changed files, removes added ones,
 * recreates removed ones. Writes go to a temporary file renamed over the path, so a symlink an
 * agent put in place is replaced, never followed. Returns the paths it could not restore (a file
 * too large to have been copied).
 */
export async function restoreGitConfigSnapshot(snapshot: GitConfigSnapshot, paths: readonly string[]): Promise<string[]> {
  const recorded = new Map(snapshot.entries.map((entry) => [entry.path, entry]));
  const allowedFolders = new Set([...snapshot.folders.map((folder) => folder.path), ...snapshot.entries.map((entry) => dirname(entry.path))]);
  const skipped: string[] = [];
  for (const path of paths) {
    const entry = recorded.get(path) ?? { path, role: 'hooks' as const, state: 'absent' as const };
    if (!isInside(path, allowedFolders)) {
      skipped.push(path);
      continue;
    }
    await mkdir(dirname(path), { recursive: true });
    // A folder an agent swapped for a link to somewhere else is not written through.
    if ((await realpath(dirname(path))) !== dirname(path)) {
      skipped.push(path);
      continue;
    }
    if (entry.state === 'absent') {
      await rm(path, { force: true });
    } else if (entry.state === 'symlink') {
      const temporary = join(dirname(path), `.${basename(path)}.kanbots-restore`);
      await rm(temporary, { force: true });
      await symlink(entry.target!, temporary);
      await rename(temporary, path);
    } else if (entry.content === undefined) {
      skipped.push(path);
    } else {
      const temporary = join(dirname(path), `.${basename(path)}.kanbots-restore`);
      await rm(temporary, { force: true });
      await writeFile(temporary, Buffer.from(entry.content, 'base64'), { mode: entry.mode ?? 0o644, flag: 'wx' });
      await chmod(temporary, entry.mode ?? 0o644);
      await rename(temporary, path);
    }
  }
  return skipped;
}

/** True when `path` lies in one of `folders` (or two levels below a hooks folder). */
function isInside(path: string, folders: ReadonlySet<string>): boolean {
  for (let directory = dirname(path), depth = 0; depth < 3; directory = dirname(directory), depth += 1) if (folders.has(directory)) return true;
  return false;
}
