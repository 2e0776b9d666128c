import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';
import type { WorktreeInfo } from '../../src/git/worktree-info.js';
import { createTemporaryDirectory, runTestGit, type TemporaryDirectory } from '../../src/testing/git-fixtures.js';
import { createWorktreeContext, type WorktreeContext } from './worktree-context.js';

/**
 * A repository an agent has tampered with, and the canary its planted programs write to. Every
 * planted program appends its vector's name to the canary: an empty canary proves nothing ran.
 */

/** Every hook git runs during commit, checkout, merge and ref updates. */
export const hookNames = [
  'pre-commit', 'prepare-commit-msg', 'commit-msg', 'post-commit', 'pre-merge-commit', 'post-checkout',
  'post-merge', 'reference-transaction', 'post-index-change', 'pre-auto-gc', 'post-rewrite',
];

export interface HardeningScenario {
  context: WorktreeContext;
  canary: TemporaryDirectory;
  canaryFile: string;
  /** The card's worktree, where the agent works. */
  worktree: WorktreeInfo;
  /** Lines of the canary (the vectors that ran), in order. */
  ran(): Promise<string[]>;
  /** Writes an executable script that records `vector` in the canary, then runs `tail` (shell). */
  plantScript(path: string, vector: string, tail?: string): Promise<void>;
  /** Git in `cwd` exactly as an agent's `run_command` would run it. */
  agentGit(args: readonly string[], cwd?: string): Promise<string>;
  cleanup(): Promise<void>;
}

const sharedLines = Array.from({ length: 10 }, (_, index) => `shared line ${index + 1}`);

/** A repository with `shared.txt`, one card worktree, and the base branch moved on since (so a merge makes a merge commit). */
export async function createHardeningScenario(setUp: (context: WorktreeContext) => Promise<void> = async () => undefined): Promise<HardeningScenario> {
  const context = await createWorktreeContext();
  const canary = await createTemporaryDirectory();
  const canaryFile = join(canary.path, 'canary.log');
  await context.repository.writeFiles({ 'shared.txt': `${sharedLines.join('\n')}\n` });
  await context.repository.commitAll('shared file');
  await setUp(context);
  const worktree = await context.manager.createWorktree({ repository: context.repository.path, cardId: 'card-1', title: 'Agent work' });
  await context.repository.writeFiles({ 'shared.txt': `${sharedLines.slice(0, 9).join('\n')}\nshared line 10, changed by the user\n` });
  await context.repository.commitAll('user work on main');
  return {
    context,
    canary,
    canaryFile,
    worktree,
    async ran() {
      return existsSync(canaryFile) ? (await readFile(canaryFile, 'utf8')).split('\n').filter((line) => line !== '') : [];
    },
    async plantScript(path, vector, tail = 'exit 0') {
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, `#!/bin/sh\necho "${vector}" >> '${canaryFile}'\n${tail}\n`);
      await chmod(path, 0o755);
    },
    agentGit: (args, cwd = worktree.path) => runTestGit(cwd, args),
    async cleanup() {
      await context.cleanup();
      await canary.cleanup();
    },
  };
}

/**
 * Everything Kanbots does with git over a card's life, after the agent planted its code: status
 * and diff of uncommitted work (a filtered file included), the commit before merging, the merge
 * (merge-tree with both sides changing `shared.txt`, commit-tree, fast-forward of the user's
 * clean checkout), removing the worktree, the next card's worktree, and a snapshot on discard.
 * Checks the results are right, as if nothing had been planted.
 */
export async function runKanbotsGitOverACard(scenario: HardeningScenario): Promise<void> {
  const { context, worktree } = scenario;
  const manager = context.manager;
  await context.repository.writeFiles(
    { 'notes.txt': 'agent text\n', 'shared.txt': `shared line 1, changed by the agent\n${sharedLines.slice(1).join('\n')}\n` },
    worktree.path,
  );
  const status = await manager.status(worktree.id);
  expect(status.untracked).toContain('notes.txt');
  expect(status.unstaged).toContain('shared.txt');
  const diff = await manager.diff(worktree.id);
  expect(diff.text).toContain('+agent text');
  expect(diff.text).toContain('+shared line 1, changed by the agent');
  expect(diff.text).not.toContain('+FILTERED text');

  await manager.commit(worktree.id, 'kanbots: agent work');
  const merged = await manager.merge(worktree.id);
  expect(merged.kind).toBe('merge-commit');
  expect(merged.updatedCheckout).toBe(context.repository.path);
  expect(await context.repository.readFile('notes.txt')).toBe('agent text\n');
  expect(await context.repository.readFile('shared.txt')).toBe(
    `shared line 1, changed by the agent\n${sharedLines.slice(1, 9).join('\n')}\nshared line 10, changed by the user\n`,
  );
  expect(await context.repository.git(['show', `${merged.commit}:notes.txt`])).toBe('agent text\n');
  await manager.removeWorktree(worktree.id, { snapshot: true });

  const next = await manager.createWorktree({ repository: context.repository.path, cardId: 'card-2', title: 'Next card' });
  expect(await readFile(join(next.path, 'notes.txt'), 'utf8')).toBe('agent text\n');
  await context.repository.writeFiles({ 'notes.txt': 'agent text\nmore\n', 'second.txt': 'second card\n' }, next.path);
  const removed = await manager.removeWorktree(next.id, { snapshot: true });
  expect(removed.snapshotCommit).toBeDefined();
  expect(await context.repository.git(['show', `${removed.snapshotCommit}:notes.txt`])).toBe('agent text\nmore\n');
}
