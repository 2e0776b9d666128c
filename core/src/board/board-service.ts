import { createActor, fromPromise, type Actor } from 'xstate';
import { KanbotsError, validationErrorFrom } from '../errors.js';
import type { Board } from '../model/board.js';
import { boardCommandSchema, type BoardChange } from '../model/board-commands.js';
import { systemClock, type Clock } from '../ports/clock.js';
import { nanoIdGenerator, type IdGenerator } from '../ports/ids.js';
import type { KanbotsStore } from '../store/kanbots-store.js';
import { openKanbotsStore } from '../store/open-kanbots-store.js';
import { StoreCorruptError } from '../store/store-errors.js';
import { boardDocument } from './board-document.js';
import { normaliseBoardOrder } from './board-invariants.js';
import { boardMachine, type BoardActorEmitted, type PersistBoardInput } from './board-machine.js';
import { createBoard } from './create-board.js';
import { rebuildError } from './rebuild-error.js';

/**
 * The board as a service for a host: the board actor bound to the `board` document of the store.
 * `dispatch` validates, applies, persists, and only then resolves and tells subscribers; a
 * failed write leaves the board as it was. Commands are handled one at a time, in arrival order.
 * The host takes the data-directory lock (see `openKanbotsDataDir`) before opening this.
 */

export interface BoardService {
  /** The board as last persisted. */
  getBoard(): Board;
  /** Validates and applies one command; resolves after the new board is on disk. */
  dispatch(command: unknown): Promise<BoardChange>;
  /** Called after each accepted, persisted change; returns an unsubscribe function. */
  subscribe(listener: (change: BoardChange) => void): () => void;
  /** Waits for queued commands, then stops the actor. Later dispatches are refused. */
  close(): Promise<void>;
  /** When the service started on a fresh board because board.json was corrupt (`onCorrupt: 'fresh'`): what was set aside. */
  readonly recoveredFrom: StoreCorruptError | undefined;
}

export interface OpenBoardServiceOptions {
  dataDir: string;
  /** The data directory's store (default: opened here, closed with the service). */
  store?: KanbotsStore;
  clock?: Clock;
  ids?: IdGenerator;
  /** `'throw'` (default): a corrupt board.json is moved aside and the StoreCorruptError thrown; `'fresh'`: moved aside and a new board started. */
  onCorrupt?: 'throw' | 'fresh';
  /** Name of a new board. */
  boardName?: string;
}

/** Dispatching to a closed board service. */
export class BoardServiceClosedError extends KanbotsError {
  override readonly name = 'BoardServiceClosedError';
  constructor() {
    super('board_service_closed', 'The board service is closed');
  }
}

export async function openBoardService(options: OpenBoardServiceOptions): Promise<BoardService> {
  const clock = options.clock ?? systemClock;
  const ids = options.ids ?? nanoIdGenerator;
  const store = options.store ?? (await openKanbotsStore(options.dataDir, { clock }));
  const ownsStore = options.store === undefined;
  const spec = boardDocument();
  let recoveredFrom: StoreCorruptError | undefined;
  let board: Board;
  try {
    let stored: Board | undefined;
    try {
      stored = await store.readDocument(spec);
    } catch (error) {
      if (!(error instanceof StoreCorruptError) || options.onCorrupt !== 'fresh') throw error;
      recoveredFrom = error;
    }
    if (stored === undefined) {
      board = createBoard(options.boardName === undefined ? { clock, ids } : { clock, ids, name: options.boardName });
      await store.writeDocument(spec, board);
    } else {
      board = normaliseBoardOrder(stored);
    }
  } catch (error) {
    if (ownsStore) store.close();
    throw error;
  }

  // Writes are serialised by the actor, so the last failure is the one a `persist` rejection is about;
  // keeping it lets dispatch throw the original StoreError (with its cause) rather than a copy.
  const persistFailures = { last: undefined as unknown };
  const persistBoard = fromPromise<void, PersistBoardInput>(async ({ input }) => {
    try {
      await store.writeDocument(spec, input.board);
    } catch (error) {
      persistFailures.last = error;
      throw error;
    }
  });
  const actor = createActor(boardMachine.provide({ actors: { persistBoard } }), { input: { board, clock, ids } });
  return new RunningBoardService(actor, recoveredFrom, persistFailures, ownsStore ? () => store.close() : () => undefined);
}

interface PendingDispatch {
  resolve: (change: BoardChange) => void;
  reject: (error: Error) => void;
}

class RunningBoardService implements BoardService {
  private readonly listeners = new Set<(change: BoardChange) => void>();
  private readonly pending = new Map<string, PendingDispatch>();
  private requestCounter = 0;
  private closed = false;
  /** The most recent dispatch; commands settle in order, so when it settles all have. */
  private lastDispatch: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly actor: Actor<typeof boardMachine>,
    readonly recoveredFrom: StoreCorruptError | undefined,
    private readonly persistFailures: { last: unknown },
    private readonly closeStore: () => void,
  ) {
    actor.on('board.command.accepted', (event) => this.settle(event));
    actor.on('board.command.rejected', (event) => this.settle(event));
    actor.start();
  }

  getBoard(): Board {
    return this.actor.getSnapshot().context.board;
  }

  dispatch(input: unknown): Promise<BoardChange> {
    if (this.closed) return Promise.reject(new BoardServiceClosedError());
    const parsed = boardCommandSchema.safeParse(input);
    if (!parsed.success) return Promise.reject(validationErrorFrom('board command', parsed.error));
    this.requestCounter += 1;
    const requestId = `request_${this.requestCounter}`;
    const result = new Promise<BoardChange>((resolve, reject) => {
      this.pending.set(requestId, { resolve, reject });
    });
    this.lastDispatch = result.catch(() => undefined);
    this.actor.send({ type: 'board.command', requestId, command: parsed.data });
    return result;
  }

  subscribe(listener: (change: BoardChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.lastDispatch;
    this.actor.stop();
    this.listeners.clear();
    this.closeStore();
  }

  private settle(event: BoardActorEmitted): void {
    const pending = this.pending.get(event.requestId);
    this.pending.delete(event.requestId);
    if (event.type === 'board.command.rejected') {
      const original = event.stage === 'persist' ? this.persistFailures.last : undefined;
      this.persistFailures.last = undefined;
      pending?.reject(original instanceof Error ? original : rebuildError(event.error));
      return;
    }
    pending?.resolve(event.change);
    for (const listener of [...this.listeners]) {
      try {
        listener(event.change);
      } catch {
        // A failing subscriber must not break the board or the other subscribers.
      }
    }
  }
}
