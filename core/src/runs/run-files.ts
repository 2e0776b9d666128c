import { join } from 'node:path';

/**
 * Where the JSON store keeps a run, under `<dataDir>/runs/<runId>/` (see `store/json-store.ts`):
 *   run.json                 the run record and its workflow's persisted snapshot
 *   agents/<agentId>.json    each agent's persisted snapshot and the step it was given
 *   agents/<agentId>.tools.jsonl  the tool journal: `started` before a tool runs, `finished` after
 *   activity.jsonl           the activity log
 * The run layer reads and writes them through the store port; these paths are for the migration
 * of a JSON data directory and for tests that look at one.
 */

export { appendJsonLineSync, readJsonFileSync, readJsonLinesSync, writeJsonFileSync } from '../store/sync-json-files.js';

export const RUN_FILE_VERSION = 1;

export function runDirectory(dataDir: string, runId: string): string {
  return join(dataDir, 'runs', runId);
}

export function runFilePath(dataDir: string, runId: string): string {
  return join(runDirectory(dataDir, runId), 'run.json');
}

export function agentFilePath(dataDir: string, runId: string, agentId: string): string {
  return join(runDirectory(dataDir, runId), 'agents', `${agentId}.json`);
}

export function toolJournalPath(dataDir: string, runId: string, agentId: string): string {
  return join(runDirectory(dataDir, runId), 'agents', `${agentId}.tools.jsonl`);
}

export function activityLogPath(dataDir: string, runId: string): string {
  return join(runDirectory(dataDir, runId), 'activity.jsonl');
}
