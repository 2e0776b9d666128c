import { NotFoundError, ValidationError } from '../errors.js';
import type { GitRunner } from '../git/git-runner.js';
import { localBranches } from '../git/repository-inspection.js';
import type { Board } from '../model/board.js';
import type { BoardChange } from '../model/board-commands.js';
import { checkRepositoryFolder } from './repository-check.js';

/**
 * The board's project commands checked against the disk before the (pure) board sees them:
 * `project.add` only for a folder that is a git repository with a commit, stored as the real path
 * of its top level, with a branch it has; `project.update` only to a branch the repository has.
 * Every other command passes as it is. A refused command changes nothing.
 */

export interface CheckedBoard {
  getBoard(): Board;
  dispatch(command: unknown): Promise<BoardChange>;
}

export function withProjectChecks<Target extends CheckedBoard>(board: Target, git: GitRunner): Pick<Target, 'dispatch'> {
  return {
    dispatch: async (command: unknown) => board.dispatch(await checkProjectCommand(board.getBoard(), git, command)),
  };
}

export async function checkProjectCommand(board: Board, git: GitRunner, command: unknown): Promise<unknown> {
  if (!isRecord(command)) return command;
  if (command.type === 'project.add' && typeof command.repository === 'string') {
    const check = await checkRepositoryFolder(git, command.repository);
    if (!check.ok) throw new ValidationError(check.message, [{ path: 'repository', message: check.message }], { details: { problem: check.problem } });
    const baseBranch = typeof command.baseBranch === 'string' && command.baseBranch.trim() !== '' ? command.baseBranch.trim() : check.defaultBranch;
    assertBranch(check.branches, baseBranch, check.path);
    return { ...command, repository: check.path, baseBranch };
  }
  if (command.type === 'project.update' && typeof command.projectId === 'string' && isRecord(command.patch) && typeof command.patch.baseBranch === 'string') {
    const project = board.projects.find((item) => item.id === command.projectId);
    if (project === undefined) throw new NotFoundError('project', command.projectId);
    assertBranch(await localBranches(git, project.repository), command.patch.baseBranch.trim(), project.repository);
  }
  return command;
}

function assertBranch(branches: readonly string[], branch: string, repository: string): void {
  if (branches.includes(branch)) return;
  const message = `The repository ${repository} has no branch “${branch}”${branches.length > 0 ? ` (it has ${branches.slice(0, 5).join(', ')}${branches.length > 5 ? ', …' : ''})` : ''}.`;
  throw new ValidationError(message, [{ path: 'baseBranch', message }], { details: { problem: 'no_such_branch' } });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
