import { constants, copyFileSync, existsSync, linkSync, readFileSync, unlinkSync } from 'node:fs';
import { basename, join } from 'node:path';
import { KanbotsError } from '../errors.js';
import { describeIssues, runRecordSchema, type RunRecord } from './run-record.js';
import { RUN_FILE_VERSION, runDirectory, runFilePath, writeJsonFileSync } from './run-files.js';
import type { RunSummary } from './run-events.js';
import type { WorkflowName } from '../workflows/workflow-types.js';
import { workflowMachines } from './workflow-machines.js';

/**
 * Reading one run's record at startup without letting it take the board down: a record that is
 * not JSON, not a run record, or of a newer version than this Kanbots reads is moved aside to
 * `run.json.corrupt-<timestamp>` (never overwritten, never deleted), a note of why is kept in
 * `run.damaged.json`, and the run is reported — on every start — as damaged on its card.
 */

export class RunRecordDamagedError extends KanbotsError {
  override readonly name = 'RunRecordDamagedError';
  constructor(
    readonly runId: string,
    readonly reason: string,
    readonly keptAs: string | undefined,
  ) {
    super('run_record_damaged', `This run's record is damaged: ${reason}.${keptAs === undefined ? '' : ` It was kept as ${basename(keptAs)} in the run's folder.`} The run cannot go on.`, {
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
  /** Where the unreadable file was moved (absent when the file was left in place). */
  keptAs?: string;
  /** When it was found. */
  foundAt: number;
}

export type RunRecordRead = { kind: 'missing' } | { kind: 'record'; record: RunRecord } | { kind: 'damaged'; damage: DamagedRun };

function damageNotePath(dataDir: string, runId: string): string {
  return join(runDirectory(dataDir, runId), 'run.damaged.json');
}

/** Reads `runs/<runId>/run.json`; sets it aside and says why when it cannot be trusted. */
export function readRunRecord(dataDir: string, runId: string, now: number): RunRecordRead {
  const path = runFilePath(dataDir, runId);
  if (!existsSync(path)) {
    const note = damageNotePath(dataDir, runId);
    if (!existsSync(note)) return { kind: 'missing' };
    try {
      return { kind: 'damaged', damage: JSON.parse(readFileSync(note, 'utf8')) as DamagedRun };
    } catch {
      return { kind: 'damaged', damage: { runId, reason: 'its record was set aside at an earlier start', foundAt: now } };
    }
  }
  const text = readFileSync(path, 'utf8');
  const problem = problemOf(text);
  if (problem.record !== undefined) return { kind: 'record', record: problem.record };
  const keptAs = moveAside(path, now);
  const damage: DamagedRun = { runId, reason: problem.reason, keptAs, foundAt: now, ...identityOf(text) };
  writeJsonFileSync(damageNotePath(dataDir, runId), damage);
  return { kind: 'damaged', damage };
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

/** Moves the file to a fresh `.corrupt-<timestamp>[-n]` name without ever replacing an existing file. */
function moveAside(path: string, now: number): string {
  const stamp = new Date(now).toISOString().replace(/[:.]/g, '-');
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const target = `${path}.corrupt-${stamp}${attempt === 0 ? '' : `-${attempt}`}`;
    try {
      linkSync(path, target);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') continue;
      copyFileSync(path, target, constants.COPYFILE_EXCL);
    }
    unlinkSync(path);
    return target;
  }
  throw new KanbotsError('run_record_damaged', `Could not find a free name to move ${path} aside`);
}

/** What the card shows of a damaged run: failed, with the reason in plain words. */
export function damagedRunSummary(damage: DamagedRun): RunSummary {
  const error = new RunRecordDamagedError(damage.runId, damage.reason, damage.keptAs);
  return {
    id: damage.runId,
    // No card known (not even in the damaged text): the summary belongs to no card, the list still has it.
    cardId: damage.cardId ?? '',
    workflow: (damage.workflow !== undefined && Object.hasOwn(workflowMachines, damage.workflow) ? damage.workflow : 'solo') as WorkflowName,
    status: 'failed',
    statusText: error.message,
    activeStates: [],
    round: 0,
    maxRounds: 0,
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
