import { mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeFileAtomic } from '../store/atomic-write.js';
import { agentFilePath, runFilePath, toolJournalPath } from './run-files.js';
import type { RunStepBoundary, RunStepStore } from './run-step-store.js';

/**
 * The run step store over the JSON data directory (`run-files.ts` layout), without blocking the
 * event loop: each file is replaced atomically (temp file, fsync, rename, directory fsync) and each
 * journal line is appended and fsynced, in the order agents → journal → record, so that what a
 * crash leaves is always a prefix of the boundary.
 */
export function jsonRunStepStore(dataDir: string): RunStepStore {
  return {
    async commit(boundary: RunStepBoundary): Promise<void> {
      for (const [agentId, file] of Object.entries(boundary.agents ?? {})) {
        await writeFileAtomic(agentFilePath(dataDir, boundary.runId, agentId), `${JSON.stringify(file)}\n`);
      }
      for (const { agentId, entry } of boundary.journal ?? []) await appendLine(toolJournalPath(dataDir, boundary.runId, agentId), entry);
      if (boundary.record !== undefined) await writeFileAtomic(runFilePath(dataDir, boundary.runId), `${JSON.stringify(boundary.record)}\n`);
    },
  };
}

async function appendLine(path: string, value: unknown): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const handle = await open(path, 'a', 0o600);
  try {
    await handle.appendFile(`${JSON.stringify(value)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
}
