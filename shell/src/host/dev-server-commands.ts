import { ConflictError, DevServers, NotFoundError, readWorktreeSettings, type Kanbots, type Redactor, type RunSummary } from '@kanbots/core/internals';
import { implementCommand, type AnyCommandHandler, type ProtocolHub } from '@kanbots/core/protocol';

const finished = new Set<RunSummary['status']>(['merged', 'discarded', 'cancelled']);

export interface DevServerRuntime {
  handlers: AnyCommandHandler[];
  /** Stops every dev server (the host is closing); resolves when they have ended. */
  close(): Promise<void>;
}

/**
 * The host's side of a card's dev server: the project's run script started in the worktree of the
 * card's latest run, on that worktree's ports; its output and the address it prints published as
 * `devServer.updated` (redacted like everything the host sends); stopped when its run ends (merged,
 * discarded, cancelled), when its card is archived or deleted, and when the host closes — and, the
 * host killed, by the scripts' supervisor.
 */
export function createDevServerRuntime(kanbots: Pick<Kanbots, 'board' | 'runs' | 'subscribe' | 'worktrees'>, hub: Pick<ProtocolHub, 'publish'>, redactor: Redactor): DevServerRuntime {
  const servers = new DevServers({ redact: (text) => redactor.text(text), onChange: (view) => hub.publish('devServer.updated', view) });
  const runOfCard = new Map<string, string>();
  const stopQuietly = (cardId: string): void => void servers.stop(cardId).catch(() => undefined);
  const unsubscribeRuns = kanbots.subscribe((event) => {
    if (event.type !== 'run.finished') return;
    for (const [cardId, runId] of runOfCard) if (runId === event.runId && servers.get(cardId)?.state === 'running') stopQuietly(cardId);
  });
  const unsubscribeBoard = kanbots.board.subscribe((change) => {
    for (const card of change.upsertedCards) if (card.archived && servers.get(card.id)?.state === 'running') stopQuietly(card.id);
    for (const cardId of change.removedCardIds) if (servers.get(cardId)?.state === 'running') stopQuietly(cardId);
  });
  const handlers = [
    implementCommand('devServer.start', async ({ cardId }) => {
      const card = kanbots.board.getBoard().cards.find((candidate) => candidate.id === cardId);
      if (card === undefined) throw new NotFoundError('Card', cardId);
      if (card.archived) throw new ConflictError('This card is archived: restore it to start its dev server');
      const run = kanbots.runs
        .list()
        .filter((summary) => summary.cardId === cardId && !finished.has(summary.status))
        .sort((left, right) => right.createdAt - left.createdAt)
        .find((summary) => summary.worktrees.some((worktree) => worktree.state === 'active'));
      const worktree = run?.worktrees.find((entry) => entry.key === 'main' && entry.state === 'active') ?? run?.worktrees.find((entry) => entry.state === 'active');
      if (run === undefined || worktree === undefined) throw new ConflictError('This card has no worktree yet: start a run, then its dev server');
      const { repository } = await kanbots.worktrees.get(worktree.worktreeId);
      const { settings } = await readWorktreeSettings(repository);
      const script = settings.scripts.run;
      if (script === undefined) throw new ConflictError('The project has no run script: add one in Settings → Projects → Worktree settings');
      if (worktree.portBase === undefined) throw new ConflictError('The card’s worktree has no ports yet: wait until it is set up');
      runOfCard.set(cardId, run.id);
      return servers.start({ cardId, repository, worktree: worktree.path, portBase: worktree.portBase, script });
    }),
    implementCommand('devServer.stop', async ({ cardId }) => ({ server: (await servers.stop(cardId)) ?? null })),
    implementCommand('devServer.get', ({ cardId }) => ({ server: servers.get(cardId) ?? null })),
  ];
  return {
    handlers,
    async close() {
      unsubscribeRuns();
      unsubscribeBoard();
      await servers.stopAll();
    },
  };
}
