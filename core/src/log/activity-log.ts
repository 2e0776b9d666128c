import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { Clock } from '../ports/clock.js';
import { systemClock } from '../ports/clock.js';
import { createRedactor, type Redactor } from './redact.js';

/**
 * The append-only activity log of one run (JSONL, one record per line): state changes, model
 * requests (model, tokens, latency, cost), tool calls and results, approvals, errors. Enough to
 * replay what happened on a card. Secrets are redacted before anything reaches the disk.
 */

export const activityKinds = [
  'run.state',
  'agent.state',
  'model.request',
  'tool.call',
  'tool.result',
  'approval',
  'review',
  'message',
  'error',
  'note',
] as const;
export type ActivityKind = (typeof activityKinds)[number];

export const activityRecordSchema = z.object({
  seq: z.number().int().positive(),
  at: z.number().int().nonnegative(),
  runId: z.string(),
  kind: z.enum(activityKinds),
  agentId: z.string().optional(),
  data: z.record(z.string(), z.unknown()),
});
export type ActivityRecord = z.infer<typeof activityRecordSchema>;

export interface ActivityLogOptions {
  runId: string;
  clock?: Clock;
  redactor?: Redactor;
}

export class ActivityLog {
  private seq = 0;
  private pending: Promise<void> = Promise.resolve();
  private readonly clock: Clock;
  private readonly redactor: Redactor;

  private constructor(readonly path: string, private readonly options: ActivityLogOptions) {
    this.clock = options.clock ?? systemClock;
    this.redactor = options.redactor ?? createRedactor();
  }

  /** Opens (or creates) a run's log, continuing its sequence numbers. Unreadable lines are skipped. */
  static async open(path: string, options: ActivityLogOptions): Promise<ActivityLog> {
    const log = new ActivityLog(path, options);
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    const { records } = await readActivityLog(path);
    log.seq = records.at(-1)?.seq ?? 0;
    return log;
  }

  /** Appends a record; writes are serialised so lines never interleave. */
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
    const line = `${JSON.stringify(record)}\n`;
    const write = this.pending.then(() => appendFile(this.path, line, { encoding: 'utf8', mode: 0o600 }));
    this.pending = write.catch(() => undefined);
    return write.then(() => record);
  }

  /** Resolves when every append so far is on disk. */
  flush(): Promise<void> {
    return this.pending;
  }
}

export interface ReadActivityLogResult {
  records: ActivityRecord[];
  /** Line numbers (1-based) that were not valid records, e.g. a line cut by a crash. */
  skippedLines: number[];
}

export async function readActivityLog(path: string): Promise<ReadActivityLogResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], skippedLines: [] };
    throw error;
  }
  const records: ActivityRecord[] = [];
  const skippedLines: number[] = [];
  text.split('\n').forEach((line, index) => {
    if (!line.trim()) return;
    try {
      const parsed = activityRecordSchema.safeParse(JSON.parse(line));
      if (parsed.success) records.push(parsed.data);
      else skippedLines.push(index + 1);
    } catch {
      skippedLines.push(index + 1);
    }
  });
  return { records, skippedLines };
}

export interface ExportActivityLogOptions {
  /** Redacts again on the way out (default: a redactor of key shapes), so a key learnt after a line was written is not exported either. */
  redactor?: Redactor;
}

/** Exports a run's log as JSONL (as stored, redacted again) or as a readable Markdown timeline. */
export async function exportActivityLog(path: string, format: 'jsonl' | 'markdown', options: ExportActivityLogOptions = {}): Promise<string> {
  const redactor = options.redactor ?? createRedactor();
  const records = (await readActivityLog(path)).records.map((record) => redactor.value(record));
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
