import { lstat, mkdir, readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import { GitRunner } from '../../../git/git-runner.js';

/**
 * What git inside a sandboxed worktree needs of the repository, and nothing more.
 *
 * A linked worktree (`.git` is a file `gitdir: <common>/worktrees/<name>`) commits by writing
 * objects (`<common>/objects`), its branch ref and reflog (`<common>/refs/heads/<namespace>/…`,
 * `<common>/logs/refs/heads/<namespace>/…`) and its own admin directory (index, HEAD, logs:
 * `<common>/worktrees/<name>`). Those are writable; the rest of the common dir is read-only —
 * `config`, `hooks`, `info`, other branches, other worktrees — so a command cannot plant a hook,
 * an fsmonitor or a filter driver that Kanbots' or the user's git would run later. The `.git`
 * pointer file and the admin dir's `commondir`/`gitdir` files stay read-only too, so a command
 * cannot point the worktree at another repository.
 *
 * A main checkout (`.git` is a directory inside the worktree) keeps its `.git` writable (git
 * renames its index inside it) except `config` and `hooks`.
 *
 * The branch namespace is the directory of the worktree's branch (`refs/heads/kanbots` for
 * Kanbots' `kanbots/<slug>-<id>` branches), so branches outside it (the user's `main`) cannot be
 * moved from inside the sandbox; tags and stashes cannot be created there either.
 */

export interface GitSandboxPaths {
  readOnly: string[];
  writable: string[];
  readOnlyOverlays: string[];
}

const empty = (): GitSandboxPaths => ({ readOnly: [], writable: [], readOnlyOverlays: [] });

async function exists(target: string): Promise<boolean> {
  return lstat(target).then(
    () => true,
    () => false,
  );
}

async function existing(paths: string[]): Promise<string[]> {
  const found: string[] = [];
  for (const candidate of paths) if (await exists(candidate)) found.push(candidate);
  return found;
}

/** `ref: refs/heads/a/b` → `refs/heads/a` (the directory git writes the ref's lock file in). */
export function branchRefDirectory(headText: string): string | undefined {
  const match = /^ref: (refs\/heads\/\S+)\s*$/.exec(headText);
  if (!match) return undefined;
  const reference = match[1]!;
  if (reference.split('/').some((part) => part === '..' || part === '.' || part === '')) return undefined;
  return path.posix.dirname(reference);
}

async function alternateObjectDirectories(objects: string): Promise<string[]> {
  const text = await readFile(path.join(objects, 'info', 'alternates'), 'utf8').catch(() => '');
  const directories: string[] = [];
  for (const line of text.split('\n')) {
    const entry = line.trim();
    if (entry === '' || entry.startsWith('#')) continue;
    const resolved = await realpath(path.resolve(objects, entry)).catch(() => undefined);
    if (resolved !== undefined) directories.push(resolved);
  }
  return directories;
}

/** `worktree` must be real (symlink-free). */
export async function gitSandboxPaths(worktree: string): Promise<GitSandboxPaths> {
  const dotGit = path.join(worktree, '.git');
  const info = await lstat(dotGit).catch(() => undefined);
  if (!info) return empty();
  if (info.isDirectory()) {
    return { readOnly: [], writable: [], readOnlyOverlays: await existing([path.join(dotGit, 'config'), path.join(dotGit, 'hooks')]) };
  }
  if (!info.isFile()) return empty();
  const pointer = /^gitdir: (.+)$/m.exec(await readFile(dotGit, 'utf8'))?.[1]?.trim();
  if (pointer === undefined) return empty();
  const gitDir = await realpath(path.resolve(worktree, pointer)).catch(() => undefined);
  if (gitDir === undefined) return empty();
  const commonText = await readFile(path.join(gitDir, 'commondir'), 'utf8').catch(() => undefined);
  const commonDir = commonText === undefined ? gitDir : await realpath(path.resolve(gitDir, commonText.trim())).catch(() => undefined);
  if (commonDir === undefined) return empty();

  const objects = path.join(commonDir, 'objects');
  const writable = [objects, gitDir];
  const refDirectory = branchRefDirectory(await readFile(path.join(gitDir, 'HEAD'), 'utf8').catch(() => ''));
  if (refDirectory !== undefined) {
    // The branch may be packed, leaving no loose directory: create it so it can be mounted (when
    // that fails, e.g. a read-only repository, commits fail inside; the command still runs).
    for (const directory of [path.join(commonDir, refDirectory), path.join(commonDir, 'logs', refDirectory)]) {
      await mkdir(directory, { recursive: true }).catch(() => undefined);
      writable.push(directory);
    }
  }
  return {
    readOnly: [commonDir, ...(await alternateObjectDirectories(objects))],
    writable: await existing(writable),
    readOnlyOverlays: await existing([dotGit, path.join(gitDir, 'commondir'), path.join(gitDir, 'gitdir'), path.join(objects, 'info')]),
  };
}

/**
 * The author and committer the user's git configuration gives this worktree (usually from
 * `~/.gitconfig`, which the sandbox hides), as environment variables, so commits made inside the
 * sandbox carry the same identity. Nothing else of the user's configuration is passed.
 */
export async function gitIdentityEnvironment(worktree: string): Promise<Record<string, string>> {
  const result = await gitRunner.run(worktree, ['config', '--get-regexp', '^user\\.(name|email)$'], { allowExitCodes: [1], timeoutMs: 5_000 }).catch(() => undefined);
  const environment: Record<string, string> = {};
  for (const line of (result?.stdout ?? '').split('\n')) {
    const match = /^user\.(name|email) (.+)$/.exec(line);
    if (!match) continue;
    const [, field, value] = match;
    const suffix = field === 'name' ? 'NAME' : 'EMAIL';
    environment[`GIT_AUTHOR_${suffix}`] = value!;
    environment[`GIT_COMMITTER_${suffix}`] = value!;
  }
  return environment;
}

const gitRunner = new GitRunner();
