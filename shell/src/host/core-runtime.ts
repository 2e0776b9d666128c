import {
  ProtocolHub,
  createBoardCommandHandlers,
  openBoardService,
  openKanbotsDataDir,
  publishBoardChanges,
  type BoardService,
  type DataDirLock,
} from '@kanbots/core';
import { KANBOTS_VERSION } from './package-info.js';

/**
 * The core runtime a host runs: the data directory's lock (held for the process lifetime), the
 * board service, and the protocol hub every transport connects to. Later issues add runs and
 * agents here by registering their commands and publishing their topics on the same hub.
 */

export interface CoreRuntime {
  readonly dataDir: string;
  readonly board: BoardService;
  readonly hub: ProtocolHub;
  /** Closes the hub (and so every session), the board service, then releases the lock. */
  close(): Promise<void>;
}

/** Topics batched on the wire (token streams of later issues), with their window in ms. */
export const BATCHED_TOPICS: Record<string, number | true> = { 'agent.delta': true, 'agent.delta.*': true };

export async function openCoreRuntime(options: { dataDir?: string }): Promise<CoreRuntime> {
  const { dataDir, lock } = await openKanbotsDataDir(options.dataDir);
  let board: BoardService;
  try {
    board = await openBoardService({ dataDir });
  } catch (error) {
    await lock.release();
    throw error;
  }
  const hub = new ProtocolHub({
    serverVersion: KANBOTS_VERSION,
    snapshot: () => ({ board: board.getBoard() }),
    commands: createBoardCommandHandlers(board),
    batchedTopics: BATCHED_TOPICS,
  });
  const unsubscribe = publishBoardChanges(hub, board);
  return { dataDir, board, hub, close: once(() => closeAll(unsubscribe, hub, board, lock)) };
}

async function closeAll(unsubscribe: () => void, hub: ProtocolHub, board: BoardService, lock: DataDirLock): Promise<void> {
  unsubscribe();
  hub.close();
  try {
    await board.close();
  } finally {
    await lock.release();
  }
}

function once(action: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= action());
}
