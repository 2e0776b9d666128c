import { checkRepositoryFolder, repositoryFolderName, sameRepository, withProjectChecks, type BoardService, type GitRunner, type Kanbots } from '@kanbots/core/internals';
import { implementCommand, type AnyCommandHandler, type RecentRepository } from '@kanbots/core/protocol';

/**
 * The host's side of picking a project (docs/protocol.md, "Projects"): checking a folder, the
 * repositories Kanbots already knows, and the board's commands with `project.add`/`project.update`
 * checked against the disk first. `kanbots` started inside a repository makes it a project, and
 * cards created without one belong to it.
 */

export function createProjectCommandHandlers(kanbots: Pick<Kanbots, 'board' | 'worktrees' | 'repositories'>): AnyCommandHandler[] {
  const git = kanbots.worktrees.git;
  return [
    implementCommand('repositories.check', ({ path }) => checkRepositoryFolder(git, path)),
    implementCommand('repositories.recent', async () => ({ repositories: await recentRepositories(kanbots) })),
  ];
}

/** Repositories cards worked on (their own targets, newest first) and those with Kanbots worktrees, that are not projects yet. */
export async function recentRepositories(kanbots: Pick<Kanbots, 'board' | 'repositories'>): Promise<RecentRepository[]> {
  const board = kanbots.board.getBoard();
  const fromCards = [...board.cards]
    .sort((a, b) => b.updatedAt - a.updatedAt)
    .flatMap((card) => (card.target === undefined ? [] : [card.target.repository]));
  const known = await kanbots.repositories.list().catch(() => [] as string[]);
  const seen: string[] = [];
  for (const path of [...fromCards, ...known]) {
    if (board.projects.some((project) => sameRepository(project.repository, path))) continue;
    if (!seen.some((other) => sameRepository(other, path))) seen.push(path);
  }
  return seen.slice(0, 10).map((path) => ({ path, name: repositoryFolderName(path) }));
}

/** The board as the protocol's board commands reach it: project commands checked, and new cards in the default project when there is one. */
export function protocolBoard(board: BoardService, git: GitRunner, defaultProjectId: () => string | undefined): Pick<BoardService, 'dispatch'> {
  const checked = withProjectChecks(board, git);
  return {
    dispatch: (command: unknown) => {
      const projectId = defaultProjectId();
      const create =
        projectId !== undefined &&
        typeof command === 'object' &&
        command !== null &&
        (command as { type?: unknown }).type === 'card.create' &&
        (command as { target?: unknown }).target === undefined &&
        (command as { projectId?: unknown }).projectId === undefined;
      return checked.dispatch(create ? { ...command, projectId } : command);
    },
  };
}

/** Makes `repository` a project (once): the id of its project, new or already there. */
export async function ensureProject(board: BoardService, git: GitRunner, repository: string): Promise<string> {
  const check = await checkRepositoryFolder(git, repository);
  const path = check.ok ? check.path : repository;
  const existing = board.getBoard().projects.find((project) => sameRepository(project.repository, path));
  if (existing !== undefined) return existing.id;
  const change = await withProjectChecks(board, git).dispatch({ type: 'project.add', repository, baseBranch: check.ok ? check.defaultBranch : '' });
  return change.createdId!;
}
