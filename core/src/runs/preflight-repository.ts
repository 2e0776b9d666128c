import { stat } from 'node:fs/promises';
import { EmptyRepositoryError, NotAGitRepositoryError } from '../git/git-errors.js';
import type { GitRunner } from '../git/git-runner.js';
import { nearbyNames } from '../git/nearby-names.js';
import { localBranches, resolveRepository } from '../git/repository-inspection.js';
import type { PreflightProblem } from './preflight-problem.js';

/**
 * The repository part of the check before a run: the path is a folder, a git repository, with a
 * commit, and the base branch (when one is named) exists — with the closest branch names to choose
 * from when it does not. Read-only: nothing in the repository changes.
 */

export interface RepositoryCheck {
  problems: PreflightProblem[];
  /** The repository's top level, when it is usable (to read its personas). */
  repository?: string;
  /** The branch the run starts from (named, else the repository's current or default). */
  baseBranch?: string;
}

export async function checkRunRepository(git: GitRunner, repository: string | undefined, baseBranch: string | undefined): Promise<RepositoryCheck> {
  if (repository === undefined || repository.trim() === '') {
    return { problems: [{ code: 'repository_missing', field: 'repository', message: 'The card has no repository yet: choose the project folder (a git repository) the agents work on.' }] };
  }
  const folder = await stat(repository).then(
    (found) => found.isDirectory(),
    () => false,
  );
  if (!folder) {
    return { problems: [{ code: 'repository_not_found', field: 'repository', message: `There is no folder at ${repository}. Check the path of the project folder.` }] };
  }
  let info;
  try {
    info = await resolveRepository(git, repository);
  } catch (error) {
    if (error instanceof EmptyRepositoryError) {
      return {
        problems: [
          {
            code: 'repository_empty',
            field: 'repository',
            message: `${repository} is a git repository without any commit yet. Agents start from a commit: make a first one.`,
            fix: { kind: 'command', label: 'Make a first commit', command: `git -C "${repository}" commit --allow-empty -m "First commit"` },
          },
        ],
      };
    }
    if (error instanceof NotAGitRepositoryError) {
      return {
        problems: [
          {
            code: 'repository_not_git',
            field: 'repository',
            message: `${repository} is not a git repository. Agents work in git worktrees: choose a repository, or make this folder one.`,
            fix: { kind: 'command', label: 'Make it a git repository', command: `git -C "${repository}" init && git -C "${repository}" add -A && git -C "${repository}" commit -m "First commit"` },
          },
        ],
      };
    }
    throw error;
  }
  const base = baseBranch?.trim() || undefined;
  if (base === undefined) return { problems: [], repository: info.path, baseBranch: info.defaultBase };
  const branches = await localBranches(git, info.path);
  if (branches.includes(base)) return { problems: [], repository: info.path, baseBranch: base };
  const close = nearbyNames(base, branches);
  const options = [...close, ...branches.filter((name) => !close.includes(name))].slice(0, 20);
  return {
    repository: info.path,
    problems: [
      {
        code: 'base_branch_missing',
        field: 'baseBranch',
        message: `The branch "${base}" does not exist in ${info.path}.${close.length > 0 ? ` Did you mean ${close.map((name) => `"${name}"`).join(' or ')}?` : ''}`,
        fix: { kind: 'choose', label: 'Start from one of its branches', options },
      },
    ],
  };
}
