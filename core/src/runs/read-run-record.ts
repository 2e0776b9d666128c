import { basename } from 'node:path';
import { KanbotsError } from '../errors.js';
import { runDocumentNames, type RunStore } from '../store/kanbots-store.js';
import { describeIssues, runRecordSchema, type RunRecord } from './run-record.js';
import { RUN_FILE_VERSION } from './run-files.js';
import type { RunSummary } from './run-events.js';
import type { WorkflowName } from '../workflows/workflow-types.js';
import { workflowIdSchema } from '../workflows/workflow-id.js';

/**
 * Reading one run's record at startup without letting it take the board down: a record that is
 * not JSON, not a run record, of a newer version than this Kanbots reads, or that the store
 * cannot read at all (a damaged database page) is set aside by the store (`run.json.corrupt-
 * <timestamp>` in a JSON data directory; never overwritten, never deleted), a note of why is kept
 * as the run's `damage` document, and the run is reported — on every start — as damaged on its card.
 */

export class RunRecordDamagedError extends KanbotsError {
  override readonly name = 'RunRecordDamagedError';
  constructor(
    readonly runId: string,
    readonly reason: string,
    readonly keptAs: string | undefined,
  ) {
    super('run_record_damaged', `This run's record is damaged: ${reason}.${keptAs === undefined ? '' : ` It was kept as ${basename(keptAs)}.`} The run cannot go on.`, {
      details: { runId, ...(keptAs === undefined ? {} : { keptAs: basename(keptAs) }) },
    });
  }
}

export interface DamagedRun {
  runId: string;
  /** The card the record belonged to, when it could still be read from it. */
  cardId?: string;
  workflow?: string;
  reason: string;
  /** Where the store set the unreadable record aside (absent when it was left in place). */
  keptAs?: string;
  /** When it was found. */
  foundAt: number;
}

export type RunRecordRead = { kind: 'missing' } | { kind: 'record'; record: RunRecord } | { kind: 'damaged'; damage: DamagedRun };

/** Reads a run's record from the store; sets it aside and says why when it cannot be trusted. */
export function readRunRecord(store: RunStore, runId: string, now: number): RunRecordRead {
  let text: string | undefined;
  try {
    text = store.readText(runId, runDocumentNames.record);
  } catch (error) {
    return damaged(store, { runId, reason: `the store could not read it (${error instanceof Error ? error.message : String(error)})`, foundAt: now }, false, now);
  }
  if (text === undefined) {
    const note = readNote(store, runId);
    if (note === 'absent') return { kind: 'missing' };
    return { kind: 'damaged', damage: note ?? { runId, reason: 'its record was set aside at an earlier start', foundAt: now } };
  }
  const problem = problemOf(text);
  if (problem.record !== undefined) return { kind: 'record', record: problem.record };
  return damaged(store, { runId, reason: problem.reason, foundAt: now, ...identityOf(text) }, true, now);
}

/** Sets the record aside (when it can still be read) and keeps a note of why, so every later start reports it too. */
function damaged(store: RunStore, damage: DamagedRun, readable: boolean, now: number): RunRecordRead {
  let found = damage;
  if (readable) found = { ...damage, keptAs: store.setAside(damage.runId, runDocumentNames.record, now) };
  try {
    store.commit({ runId: damage.runId, documents: { [runDocumentNames.damage]: found } });
  } catch {
    // The note could not be written (the store is damaged there too): the run is still reported now.
  }
  return { kind: 'damaged', damage: found };
}

function readNote(store: RunStore, runId: string): DamagedRun | 'absent' | undefined {
  let text: string | undefined;
  try {
    text = store.readText(runId, runDocumentNames.damage);
  } catch {
    return undefined;
  }
  if (text === undefined) return 'absent';
  try {
    return JSON.parse(text) as DamagedRun;
  } catch {
    return undefined;
  }
}

function problemOf(text: string): { record: RunRecord; reason?: never } | { record?: never; reason: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { reason: `it is not valid JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  const version = (json as { version?: unknown } | null)?.version;
  if (typeof version === 'number' && version > RUN_FILE_VERSION) {
    return { reason: `it was written by a newer version of Kanbots (record version ${version}; this version reads version ${RUN_FILE_VERSION})` };
  }
  const parsed = runRecordSchema.safeParse(json);
  if (!parsed.success) return { reason: `it is not a run record Kanbots can read (${describeIssues(parsed.error)})` };
  return { record: json as RunRecord };
}

/** The card and workflow, read from the text even when it is not JSON any more. */
function identityOf(text: string): { cardId?: string; workflow?: string } {
  const cardId = /"cardId"\s*:\s*"([^"\\]{1,200})"/.exec(text)?.[1];
  const workflow = /"workflow"\s*:\s*"([^"\\]{1,100})"/.exec(text)?.[1];
  return { ...(cardId === undefined ? {} : { cardId }), ...(workflow === undefined ? {} : { workflow }) };
}

/** What the card shows of a damaged run: failed, with the reason in plain words. */
export function damagedRunSummary(damage: DamagedRun): RunSummary {
  const error = new RunRecordDamagedError(damage.runId, damage.reason, damage.keptAs);
  return {
    id: damage.runId,
    // No card known (not even in the damaged text): the summary belongs to no card, the list still has it.
    cardId: damage.cardId ?? '',
    // The id as the text had it when it is one (the workflow may not be registered any more).
    workflow: (damage.workflow !== undefined && workflowIdSchema.safeParse(damage.workflow).success ? damage.workflow : 'solo') as WorkflowName,
    status: 'failed',
    statusText: error.message,
    activeStates: [],
    round: 0,
    maxRounds: 0,
    cycleStart: 0,
    reviews: [],
    agents: [],
    worktrees: [],
    usage: { inputTokens: 0, outputTokens: 0, costUsd: 0 },
    error: error.toData(),
    createdAt: damage.foundAt,
    updatedAt: damage.foundAt,
    damaged: { reason: damage.reason, ...(damage.keptAs === undefined ? {} : { keptAs: basename(damage.keptAs) }) },
  };
}
