import { existsSync } from 'node:fs';
import { readFile, realpath } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import type { GitRunner } from './git-runner.js';
import { EmptyRepositoryError, NotAGitRepositoryError, type UnmergedCommit } from './git-errors.js';
import { parseStatus, type ParsedStatus } from './parse-status.js';
import { parseWorktreeList, type WorktreeListEntry } from './parse-worktree-list.js';
import type { RepositoryInfo } from './worktree-info.js';

/** Git read-only queries shared by the manager's operations. */

export async function resolveRepository(git: GitRunner, path: string): Promise<RepositoryInfo> {
  let real: string;
  try {
    real = await realpath(path);
  } catch (error) {
    throw new NotAGitRepositoryError(path, { cause: error });
  }
  const inside = await git.run(real, ['rev-parse', '--is-inside-work-tree', '--show-toplevel'], { allowExitCodes: [128] });
  const [insideWorkTree, topLevelPath] = inside.stdout.split('\n');
  if (inside.exitCode !== 0 || insideWorkTree !== 'true' || topLevelPath === undefined || topLevelPath === '') throw new NotAGitRepositoryError(path);
  const topLevel = await realpath(topLevelPath);
  const branches = await localBranches(git, topLevel);
  if (branches.length === 0 && !(await git.succeeds(topLevel, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']))) {
    throw new EmptyRepositoryError(topLevel);
  }
  const symbolic = await git.run(topLevel, ['symbolic-ref', '--short', 'HEAD'], { allowExitCodes: [1, 128] });
  const headBranch = symbolic.exitCode === 0 ? symbolic.stdout.trim() : undefined;
  const currentBranch = headBranch !== undefined && branches.includes(headBranch) ? headBranch : undefined;
  const defaultBase = currentBranch ?? (await fallbackBase(git, topLevel, branches));
  return currentBranch === undefined ? { path: topLevel, defaultBase } : { path: topLevel, currentBranch, defaultBase };
}

/** When HEAD is detached: the remote's default branch, else main, master, else the first branch. */
async function fallbackBase(git: GitRunner, repository: string, branches: readonly string[]): Promise<string> {
  const remoteHead = await git.run(repository, ['symbolic-ref', '--short', 'refs/remotes/origin/HEAD'], { allowExitCodes: [1, 128] });
  const remoteDefault = remoteHead.exitCode === 0 ? remoteHead.stdout.trim().replace(/^origin\//, '') : undefined;
  for (const candidate of [remoteDefault, 'main', 'master']) {
    if (candidate !== undefined && branches.includes(candidate)) return candidate;
  }
  return branches[0] ?? 'main';
}

export async function localBranches(git: GitRunner, repository: string): Promise<string[]> {
  const output = await git.text(repository, ['for-each-ref', '--format=%(refname:short)', 'refs/heads/']);
  return output.split('\n').filter((line) => line !== '');
}

/** The commit a ref points to, or undefined when it does not exist. */
export async function resolveCommit(git: GitRunner, repository: string, reference: string): Promise<string | undefined> {
  const result = await git.run(repository, ['rev-parse', '--verify', `${reference}^{commit}`], { allowExitCodes: [1, 128] });
  return result.exitCode === 0 ? result.stdout.trim() : undefined;
}

export async function listWorktrees(git: GitRunner, repository: string): Promise<WorktreeListEntry[]> {
  return parseWorktreeList(await git.text(repository, ['worktree', 'list', '--porcelain', '-z']));
}

export async function worktreeStatus(git: GitRunner, worktreePath: string): Promise<ParsedStatus> {
  return parseStatus(await git.text(worktreePath, ['status', '--porcelain=v2', '--branch', '-z', '--untracked-files=all']));
}

/** Commits reachable from `branchReference` but not from `baseReference`, newest first. */
export async function unmergedCommits(git: GitRunner, repository: string, baseReference: string, branchReference: string): Promise<UnmergedCommit[]> {
  const output = await git.text(repository, ['log', '-z', '--format=%H %s', `${baseReference}..${branchReference}`, '--']);
  return output
    .split('\0')
    .filter((record) => record !== '')
    .map((record) => ({ commit: record.slice(0, record.indexOf(' ')), subject: record.slice(record.indexOf(' ') + 1) }));
}

/** A rebase, merge, cherry-pick or revert in progress in this checkout, if any. */
export async function operationInProgress(git: GitRunner, worktreePath: string): Promise<{ operation: string; branch?: string } | undefined> {
  const gitDirectory = await git.line(worktreePath, ['rev-parse', '--absolute-git-dir']);
  for (const rebaseDirectory of ['rebase-merge', 'rebase-apply']) {
    const headName = join(gitDirectory, rebaseDirectory, 'head-name');
    if (existsSync(join(gitDirectory, rebaseDirectory))) {
      const branch = existsSync(headName) ? (await readFile(headName, 'utf8')).trim() : undefined;
      return branch === undefined ? { operation: 'rebase' } : { operation: 'rebase', branch };
    }
  }
  for (const [file, operation] of [['MERGE_HEAD', 'merge'], ['CHERRY_PICK_HEAD', 'cherry-pick'], ['REVERT_HEAD', 'revert']] as const) {
    if (existsSync(join(gitDirectory, file))) return { operation };
  }
  return undefined;
}

/** `-c` settings giving commits a Kanbots identity when the user has not configured one. */
export async function identityConfig(git: GitRunner, repository: string): Promise<string[]> {
  const settings = new Map<string, string>();
  for (const entry of (await git.text(repository, ['config', '--list', '-z'])).split('\0')) {
    const newline = entry.indexOf('\n');
    if (newline > 0) settings.set(entry.slice(0, newline).toLowerCase(), entry.slice(newline + 1));
  }
  const config: string[] = [];
  if ((settings.get('user.name') ?? '').trim() === '') config.push(`user.name=${kanbotsIdentity.name}`);
  if ((settings.get('user.email') ?? '').trim() === '') config.push(`user.email=${kanbotsIdentity.email}`);
  return config;
}

export const kanbotsIdentity = { name: 'Kanbots', email: 'kanbots@localhost' } as const;

/** The absolute path of a file git keeps for this worktree (e.g. its `index`). */
export async function gitPath(git: GitRunner, worktreePath: string, name: string): Promise<string> {
  const path = await git.line(worktreePath, ['rev-parse', '--git-path', name]);
  return isAbsolute(path) ? path : join(worktreePath, path);
}
