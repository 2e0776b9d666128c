import { readRunActivity, type ActivityRecord } from '../../src/log/activity-log.js';
import type { RunRecord } from '../../src/runs/run-record.js';
import { runDocumentNames, runStreamNames } from '../../src/store/kanbots-store.js';
import { openKanbotsStore } from '../../src/store/open-kanbots-store.js';

/** What the store holds of one run, read through the store port (the database of a data directory a test ran Kanbots on). */
export interface StoredRun {
  runId: string;
  record: RunRecord | undefined;
  activity: ActivityRecord[];
  /** Each agent's tool journal, by agent id. */
  journals: Record<string, { event?: string; callId?: string; name?: string }[]>;
  /** Each agent's persisted file as stored (JSON text), by agent id. */
  agentFiles: Record<string, string | undefined>;
}

/** The run `runId` of the data directory, or its only (first) run. */
export async function readStoredRun(dataDir: string, runId?: string): Promise<StoredRun> {
  const store = await openKanbotsStore(dataDir);
  try {
    const id = runId ?? store.runs.list()[0];
    if (id === undefined) throw new Error(`The store of ${dataDir} holds no run`);
    const text = store.runs.readText(id, runDocumentNames.record);
    const record = text === undefined ? undefined : (JSON.parse(text) as RunRecord);
    const journals: StoredRun['journals'] = {};
    const agentFiles: StoredRun['agentFiles'] = {};
    for (const agent of Object.values(record?.agents ?? {})) {
      journals[agent.agentId] = store.runs.readLines(id, runStreamNames.toolJournal(agent.agentId)).values as StoredRun['journals'][string];
      agentFiles[agent.agentId] = store.runs.readText(id, runDocumentNames.agent(agent.agentId));
    }
    return { runId: id, record, activity: readRunActivity(store.runs, id).records, journals, agentFiles };
  } finally {
    store.close();
  }
}
