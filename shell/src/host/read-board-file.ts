import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BOARD_FILE_NAME, BOARD_SCHEMA_VERSION, boardSchema, validationErrorFrom, type Board } from '@kanbots/core/internals';
import { z } from 'zod';

/**
 * Reads the board file without touching anything: no lock, no temp-file cleanup, no moving a bad
 * file aside (the running app owns all that), so `kanbots board` works while Kanbots runs.
 * Returns `undefined` when there is no board yet.
 */

const envelopeSchema = z.object({ kind: z.literal('board'), schemaVersion: z.number().int().nonnegative(), data: z.unknown() });

export class BoardFileError extends Error {
  override readonly name = 'BoardFileError';
}

export async function readBoardFile(dataDir: string): Promise<Board | undefined> {
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
