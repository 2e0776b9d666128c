import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BOARD_FILE_NAME, BOARD_SCHEMA_VERSION, DATABASE_FILE_NAME, boardSchema, openSqliteStore, validationErrorFrom, type Board } from '@kanbots/core/internals';
import { z } from 'zod';

/**
 * Reads the board without touching anything: no lock, no migration, no setting a bad board aside
 * (the running app owns all that), so `kanbots board` works while Kanbots runs. It reads the
 * database read-only (WAL: beside a running Kanbots), or board.json of a data directory no
 * Kanbots with the database has opened yet. Returns `undefined` when there is no board yet.
 */

const envelopeSchema = z.object({ kind: z.literal('board'), schemaVersion: z.number().int().nonnegative(), data: z.unknown() });

export class BoardFileError extends Error {
  override readonly name = 'BoardFileError';
}

export async function readBoardFile(dataDir: string): Promise<Board | undefined> {
  if (existsSync(join(dataDir, DATABASE_FILE_NAME))) return readStoredBoard(dataDir);
  const path = join(dataDir, BOARD_FILE_NAME);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new BoardFileError(`Could not read ${path}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new BoardFileError(`${path} is not valid JSON`);
  }
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) throw new BoardFileError(`${path} is not a Kanbots board file`);
  if (envelope.data.schemaVersion !== BOARD_SCHEMA_VERSION) {
    throw new BoardFileError(`${path} has format version ${envelope.data.schemaVersion}; this Kanbots reads version ${BOARD_SCHEMA_VERSION} (start the app once to migrate it)`);
  }
  const board = boardSchema.safeParse(envelope.data.data);
  if (!board.success) throw new BoardFileError(validationErrorFrom(`board in ${path}`, board.error).message);
  return board.data;
}

async function readStoredBoard(dataDir: string): Promise<Board | undefined> {
  const path = join(dataDir, DATABASE_FILE_NAME);
  let envelope;
  try {
    const store = openSqliteStore(dataDir, { readOnly: true });
    try {
      envelope = await store.readEnvelope('board');
    } finally {
      store.close();
    }
  } catch (error) {
    throw new BoardFileError(`Could not read the board from ${path}: ${(error as Error).message}`);
  }
  if (envelope === undefined) return undefined;
  if (envelope.schemaVersion !== BOARD_SCHEMA_VERSION) {
    throw new BoardFileError(`The board in ${path} has format version ${envelope.schemaVersion}; this Kanbots reads version ${BOARD_SCHEMA_VERSION} (start the app once to migrate it)`);
  }
  const board = boardSchema.safeParse(envelope.data);
  if (!board.success) throw new BoardFileError(validationErrorFrom(`board in ${path}`, board.error).message);
  return board.data;
}
