import type { ToolJournalEntry } from './restore-agent-snapshot.js';

/**
 * What one step boundary of a run puts in the store, together: the run record, the agents'
 * persisted snapshots and tool-journal entries that changed at that boundary. A store writes a
 * boundary as one unit (one transaction in a database; in order, agents → journal → record, in the
 * JSON data directory) and resolves once it is durable. Everything is already redacted.
 */
export interface RunStepBoundary {
  runId: string;
  /** The run record, when it changed. */
  record?: unknown;
  /** The agent files (`{ version, kind, stepId, attemptsHandled, snapshot }`) that changed, by agent id. */
  agents?: Record<string, unknown>;
  /** Tool-journal entries, written after the agents' snapshots of the same boundary. */
  journal?: { agentId: string; entry: ToolJournalEntry }[];
}

/** The store port of the run layer: step boundaries in, durable when the promise resolves. */
export interface RunStepStore {
  commit(boundary: RunStepBoundary): Promise<void>;
}
