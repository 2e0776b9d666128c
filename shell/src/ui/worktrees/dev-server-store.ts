import type { DevServerViewData } from '@kanbots/core/protocol';
import { createSignal, type Accessor } from 'solid-js';
import type { CommandSender } from '../transport/command-sender.js';

/**
 * Cards' dev servers as the UI knows them: read when a card opens (`devServer.get`), kept up to
 * date by `devServer.updated`, started and stopped from the card; the host's refusal (no run
 * script, no worktree yet) is kept per card in its own words.
 */
export interface DevServerStore {
  of(cardId: string): DevServerViewData | undefined;
  problem(cardId: string): string | undefined;
  busy: Accessor<string | undefined>;
  load(cardId: string): Promise<void>;
  start(cardId: string): Promise<void>;
  stop(cardId: string): Promise<void>;
  accept(view: DevServerViewData): void;
}

export function createDevServerStore(options: { send: CommandSender }): DevServerStore {
  const [servers, setServers] = createSignal<ReadonlyMap<string, DevServerViewData>>(new Map());
  const [problems, setProblems] = createSignal<ReadonlyMap<string, string>>(new Map());
  const [busy, setBusy] = createSignal<string | undefined>(undefined);
  const accept = (view: DevServerViewData): void => {
    setServers((current) => new Map(current).set(view.cardId, view));
  };
  const setProblem = (cardId: string, problem: string | undefined): void => {
    setProblems((current) => {
      const next = new Map(current);
      if (problem === undefined) next.delete(cardId);
      else next.set(cardId, problem);
      return next;
    });
  };
  const act = async (cardId: string, action: () => Promise<DevServerViewData | null>): Promise<void> => {
    setBusy(cardId);
    try {
      const view = await action();
      if (view !== null) accept(view);
      setProblem(cardId, undefined);
    } catch (error) {
      setProblem(cardId, error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(undefined);
    }
  };
  return {
    of: (cardId) => servers().get(cardId),
    problem: (cardId) => problems().get(cardId),
    busy,
    accept,
    async load(cardId) {
      try {
        const { server } = await options.send('devServer.get', { cardId });
        if (server !== null) accept(server);
      } catch {
        // Nothing to show yet; starting it says why, if it cannot.
      }
    },
    start: (cardId) => act(cardId, () => options.send('devServer.start', { cardId })),
    stop: (cardId) => act(cardId, async () => (await options.send('devServer.stop', { cardId })).server),
  };
}
