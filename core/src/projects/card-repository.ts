import type { Board, Card, CardTarget } from '../model/board.js';

/**
 * The repository a card's runs work on and the branch they start from: its project's, else its
 * own target (cards made before projects, the headless API). Undefined when it has neither.
 */
export function cardRepository(board: Board, card: Card): CardTarget | undefined {
  const project = card.projectId === undefined ? undefined : board.projects.find((item) => item.id === card.projectId);
  if (project !== undefined) return { repository: project.repository, baseBranch: project.baseBranch };
  return card.target;
}

/**
 * Where a run of the card works: the repository and branch it was given, else its card's. A
 * project's branch belongs to its repository: a run given another repository starts from that
 * repository's own current branch unless it names one.
 */
export function runTarget(board: Board, card: Card, options: { repository?: string | undefined; baseBranch?: string | undefined }): { repository?: string; baseBranch?: string } {
  const own = cardRepository(board, card);
  const repository = options.repository ?? own?.repository;
  const baseBranch = options.baseBranch ?? (options.repository === undefined || options.repository === own?.repository ? own?.baseBranch : undefined);
  return { ...(repository === undefined ? {} : { repository }), ...(baseBranch === undefined ? {} : { baseBranch }) };
}
