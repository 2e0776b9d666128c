import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  DATABASE_FILE_NAME,
  exportStore,
  hasJsonData,
  importIntoStore,
  openJsonStore,
  openKanbotsDataDir,
  openKanbotsStore,
  openSqliteStore,
  parseExport,
  resolveDataDir,
  writeFileAtomic,
  type KanbotsStore,
} from '@kanbots/core/internals';
import type { CliCommand } from './cli-arguments.js';
import type { Logger } from './logger.js';

/**
 * `kanbots export` and `kanbots import` (docs/export-format.md). Export reads the database
 * read-only, so it works while Kanbots runs on the data directory; import takes the data
 * directory's lock (a running Kanbots refuses it), checks the whole file first, and writes
 * nothing when anything is wrong.
 */

export interface DataCommandIo {
  stdout(text: string): void;
  logger: Logger;
}

export async function exportCommand(command: Extract<CliCommand, { kind: 'export' }>, io: DataCommandIo): Promise<number> {
  const dataDir = resolve(command.dataDir ?? resolveDataDir());
  const store = openForExport(dataDir);
  if (store === undefined) {
    io.logger.error(`No Kanbots data in ${dataDir}: nothing to export.`);
    return 1;
  }
  let text = '';
  let counts;
  try {
    const lines = exportStore(store, { now: Date.now() });
    for (let next = lines.next(); ; next = lines.next()) {
      if (next.done === true) {
        counts = next.value;
        break;
      }
      text += `${next.value}\n`;
    }
  } finally {
    store.close();
  }
  if (command.out === undefined) io.stdout(text);
  else await writeFileAtomic(resolve(command.out), text);
  io.logger.info(`Exported ${counts.documents} documents and ${counts.runs} runs (${counts.runDocuments} run documents, ${counts.runLines} log and journal lines) from ${dataDir}${command.out === undefined ? '' : ` to ${resolve(command.out)}`}.`);
  return 0;
}

export async function importCommand(command: Extract<CliCommand, { kind: 'import' }>, io: DataCommandIo): Promise<number> {
  const dataDir = resolve(command.dataDir ?? resolveDataDir());
  const file = resolve(command.file);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    io.logger.error(`Could not read ${file}: ${(error as Error).message}`);
    return 1;
  }
  const contents = parseExport(text);
  const directory = await openKanbotsDataDir(dataDir);
  try {
    const store = await openKanbotsStore(directory.dataDir);
    try {
      const result = await importIntoStore(store, contents, { now: Date.now(), replace: command.replace });
      io.stdout(`Imported ${result.documents} documents and ${result.runs} runs (${result.runDocuments} run documents, ${result.runLines} log and journal lines) into ${store.location}.\n`);
      if (result.replacedKeptAt !== undefined) io.logger.info(`What was there before is kept in ${result.replacedKeptAt}.`);
    } finally {
      store.close();
    }
  } finally {
    await directory.lock.release();
  }
  return 0;
}

/** The database read-only when there is one, else the JSON files of a data directory no database Kanbots opened yet. */
function openForExport(dataDir: string): KanbotsStore | undefined {
  if (existsSync(join(dataDir, DATABASE_FILE_NAME))) return openSqliteStore(dataDir, { readOnly: true });
  if (hasJsonData(dataDir)) return openJsonStore(dataDir);
  return undefined;
}
