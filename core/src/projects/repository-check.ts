import { stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import type { GitRunner } from '../git/git-runner.js';
import { EmptyRepositoryError, NotAGitRepositoryError } from '../git/git-errors.js';
import { localBranches, resolveRepository } from '../git/repository-inspection.js';
import { repositoryFolderName } from '../model/project.js';
import { loadPersonas } from '../personas/load-personas.js';
import type { RepositoryCheck, RepositoryProblem } from './repository-check-schema.js';

/**
 * Whether a folder can become a project, in the words the person picking it reads: it exists, is
 * a git repository (its top level is used when a sub-folder is given), has a commit; and what a
 * project needs from it — its branches, the branch to start from, the personas it brings.
 */

/** `~` and `~/…` are the user's home; anything else must already be absolute. */
export function expandHome(path: string, home: string = homedir()): string {
  const trimmed = path.trim();
  if (trimmed === '~') return home;
  if (trimmed.startsWith('~/') || trimmed.startsWith('~\\')) return join(home, trimmed.slice(2));
  return trimmed;
}

export async function checkRepositoryFolder(git: GitRunner, input: string, options: { home?: string } = {}): Promise<RepositoryCheck> {
  const path = expandHome(input, options.home);
  const refuse = (problem: RepositoryProblem, message: string): RepositoryCheck => ({ ok: false, path: input, problem, message });
  if (!isAbsolute(path)) return refuse('not_absolute', 'Give the folder’s full path, starting with / (or ~ for your home folder).');
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => error);
  if (info instanceof Error) return refuse('not_found', info.code === 'EACCES' ? 'Kanbots may not open this folder.' : 'There is no folder at this path.');
  if (!info.isDirectory()) return refuse('not_a_directory', 'This is a file, not a folder.');
  try {
    const repository = await resolveRepository(git, path);
    // Kanbots' own branches (`kanbots/<card>-<id>`, one per agent worktree) are not where a project starts from.
    const branches = (await localBranches(git, repository.path)).filter((branch) => !branch.startsWith('kanbots/'));
    const loaded = await loadPersonas({ repository: repository.path });
    const personas = [...loaded.personas.values()]
      .filter((persona) => persona.source === 'repository')
      .map((persona) => ({ name: persona.name, role: persona.role, description: persona.description }));
    return {
      ok: true,
      path: repository.path,
      name: repositoryFolderName(repository.path),
      branches,
      ...(repository.currentBranch === undefined ? {} : { currentBranch: repository.currentBranch }),
      defaultBranch: repository.defaultBase,
      personas,
    };
  } catch (error) {
    if (error instanceof NotAGitRepositoryError) return refuse('not_a_repository', 'This folder is not a git repository. Run “git init” in it and make a first commit, or pick the repository’s folder.');
    if (error instanceof EmptyRepositoryError) return refuse('no_commit', 'This repository has no commit yet. Make a first commit (git commit), then add it.');
    return refuse('git_failed', `Git could not read this folder: ${error instanceof Error ? error.message : String(error)}`);
  }
}
