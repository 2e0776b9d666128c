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
import { openSettingsRuntime, type SettingsRuntime, type SettingsRuntimeOptions } from './settings-runtime.js';

/**
 * The core runtime a host runs: the data directory's lock (held for the process lifetime), the
 * board service, and the protocol hub every transport connects to. Later issues add runs and
 * agents here by registering their commands and publishing their topics on the same hub.
 */

export interface CoreRuntime {
  readonly dataDir: string;
  readonly board: BoardService;
  readonly hub: ProtocolHub;
  /** Settings (`settings.*`, `secrets.*`, `providers.test` commands) and the lazily opened secret store. */
  readonly settings: SettingsRuntime;
  /** Closes the hub (and so every session), the board service, then releases the lock. */
  close(): Promise<void>;
}

/** Topics batched on the wire (token streams of later issues), with their window in ms. */
export const BATCHED_TOPICS: Record<string, number | true> = { 'agent.delta': true, 'agent.delta.*': true };

export interface OpenCoreRuntimeOptions extends SettingsRuntimeOptions {
  dataDir?: string;
}

export async function openCoreRuntime(options: OpenCoreRuntimeOptions): Promise<CoreRuntime> {
  const { dataDir, lock } = await openKanbotsDataDir(options.dataDir);
  let board: BoardService;
  let settings: SettingsRuntime;
  try {
    settings = await openSettingsRuntime(dataDir, options);
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
  const unsubscribeBoard = publishBoardChanges(hub, board);
  const detachSettings = settings.attach(hub);
  const unsubscribe = () => {
    unsubscribeBoard();
    detachSettings();
  };
  return { dataDir, board, hub, settings, close: once(() => closeAll(unsubscribe, hub, board, lock)) };
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
