import { runDocumentNames, runStreamNames, type RunStep, type RunStore } from '../store/kanbots-store.js';
import type { RunStepBoundary, RunStepStore } from './run-step-store.js';

/**
 * The run layer's step boundaries in the store port: a boundary's record, agent snapshots and
 * tool-journal entries become one `commit` — one transaction of the database, together with the
 * activity records queued in the same tick. Resolves once the commit returned, i.e. once it is
 * stored. Journal lines go before the documents, as in the JSON data directory.
 */
export function runStepStoreOf(store: RunStore): RunStepStore {
  return {
    async commit(boundary: RunStepBoundary): Promise<void> {
      store.commit(runStepOf(boundary));
    },
  };
}

export function runStepOf(boundary: RunStepBoundary): RunStep {
  const documents: Record<string, unknown> = {};
  for (const [agentId, file] of Object.entries(boundary.agents ?? {})) documents[runDocumentNames.agent(agentId)] = file;
  if (boundary.record !== undefined) documents[runDocumentNames.record] = boundary.record;
  const lines = (boundary.journal ?? []).map(({ agentId, entry }) => ({ stream: runStreamNames.toolJournal(agentId), value: entry }));
  return { runId: boundary.runId, documents, lines };
}
