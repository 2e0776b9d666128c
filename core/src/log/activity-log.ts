import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { Clock } from '../ports/clock.js';
import { systemClock } from '../ports/clock.js';
import { runStreamNames, type RunStore } from '../store/kanbots-store.js';
import { createRedactor, type Redactor } from './redact.js';

/**
 * The append-only activity log of one run (the store's `activity` stream of the run, one record
 * per line): state changes, model requests (model, tokens, latency, cost), tool calls and
 * results, approvals, errors. Enough to replay what happened on a card. Secrets are redacted
 * before anything reaches the disk. A record is stored with the run's next step boundary (the
 * same transaction as the snapshot it goes with) or at the end of the tick.
 */

export { activityKinds, activityRecordSchema, type ActivityKind, type ActivityRecord } from './activity-record.js';
import { activityRecordSchema, type ActivityKind, type ActivityRecord } from './activity-record.js';

export interface ActivityLogOptions {
  runId: string;
  clock?: Clock;
  redactor?: Redactor;
}

export class ActivityLog {
  private seq = 0;
  private readonly clock: Clock;
  private readonly redactor: Redactor;

  private constructor(private readonly store: RunStore, private readonly options: ActivityLogOptions) {
    this.clock = options.clock ?? systemClock;
    this.redactor = options.redactor ?? createRedactor();
  }

  /** Opens (or creates) a run's log, continuing its sequence numbers. Unreadable lines are skipped. */
  static async open(store: RunStore, options: ActivityLogOptions): Promise<ActivityLog> {
    const log = new ActivityLog(store, options);
    log.seq = readRunActivity(store, options.runId).records.at(-1)?.seq ?? 0;
    return log;
  }

  /** Appends a record (stored with the run's next step boundary, at the latest at the end of this tick). */
  append(kind: ActivityKind, data: Record<string, unknown>, agentId?: string): Promise<ActivityRecord> {
    this.seq += 1;
    const record: ActivityRecord = {
      seq: this.seq,
      at: this.clock.now(),
      runId: this.options.runId,
      kind,
      ...(agentId === undefined ? {} : { agentId }),
      data: this.redactor.value(data),
    };
    this.store.queue({ runId: this.options.runId, lines: [{ stream: runStreamNames.activity, value: record }] });
    return Promise.resolve(record);
  }

  /** Stores every record appended so far. */
  flush(): Promise<void> {
    try {
      this.store.flush();
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }
}

/** A run's activity records as stored, oldest first. */
export function readRunActivity(store: RunStore, runId: string): ReadActivityLogResult {
  const { values, skipped } = store.readLines(runId, runStreamNames.activity);
  return validRecords(values, skipped);
}

export interface ReadActivityLogResult {
  records: ActivityRecord[];
  /** Line numbers (1-based) that were not valid records, e.g. a line cut by a crash. */
  skippedLines: number[];
}

/** Reads an activity log kept as a JSONL file (an export, or `activity.jsonl` of a JSON data directory). */
export async function readActivityLog(path: string): Promise<ReadActivityLogResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], skippedLines: [] };
    throw error;
  }
  const values: unknown[] = [];
  const positions: number[] = [];
  const skipped: number[] = [];
  text.split('\n').forEach((line, index) => {
    if (!line.trim()) return;
    try {
      values.push(JSON.parse(line));
      positions.push(index + 1);
    } catch {
      skipped.push(index + 1);
    }
  });
  const result = validRecords(values, [], positions);
  return { records: result.records, skippedLines: [...skipped, ...result.skippedLines].sort((a, b) => a - b) };
}

function validRecords(values: readonly unknown[], skipped: readonly number[], positions?: readonly number[]): ReadActivityLogResult {
  const records: ActivityRecord[] = [];
  const skippedLines = [...skipped];
  values.forEach((value, index) => {
    const parsed = activityRecordSchema.safeParse(value);
    if (parsed.success) records.push(parsed.data);
    else skippedLines.push(positions?.[index] ?? index + 1);
  });
  return { records, skippedLines: skippedLines.sort((a, b) => a - b) };
}

export interface ExportActivityLogOptions {
  /** Redacts again on the way out (default: a redactor of key shapes), so a key learnt after a line was written is not exported either. */
  redactor?: Redactor;
}

/** Exports a run's log kept as a JSONL file as JSONL (as stored, redacted again) or as a readable Markdown timeline. */
export async function exportActivityLog(path: string, format: 'jsonl' | 'markdown', options: ExportActivityLogOptions = {}): Promise<string> {
  return formatActivityLog((await readActivityLog(path)).records, format, options);
}

/** Formats activity records as JSONL (redacted again) or as a readable Markdown timeline. */
export function formatActivityLog(stored: readonly ActivityRecord[], format: 'jsonl' | 'markdown', options: ExportActivityLogOptions = {}): string {
  const redactor = options.redactor ?? createRedactor();
  const records = stored.map((record) => redactor.value(record));
  if (format === 'jsonl') return records.map((record) => JSON.stringify(record)).join('\n') + (records.length ? '\n' : '');
  const lines = records.map((record) => {
    const time = new Date(record.at).toISOString();
    const who = record.agentId ? ` (${record.agentId})` : '';
    return `- ${time} **${record.kind}**${who} ${summarise(record.data)}`;
  });
  return `# Activity of run ${records[0]?.runId ?? '(empty)'}\n\n${lines.join('\n')}\n`;
}

function summarise(data: Record<string, unknown>): string {
  const text = JSON.stringify(data);
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
