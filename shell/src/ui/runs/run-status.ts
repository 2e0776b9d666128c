import type { RunStatus, RunView } from '@kanbots/core/protocol';

/** How a run's status reads on a tile, in the inbox and in notifications. */

export type RunTone = 'working' | 'waiting' | 'attention' | 'danger' | 'success' | 'neutral';

export const RUN_STATUS_LABELS: Record<RunStatus, string> = {
  queued: 'Queued',
  running: 'Working',
  paused: 'Paused',
  needs_you: 'Needs you',
  interrupted: 'Interrupted',
  failed: 'Failed',
  merged: 'Merged',
  discarded: 'Discarded',
  cancelled: 'Cancelled',
};

export const RUN_STATUS_TONES: Record<RunStatus, RunTone> = {
  queued: 'waiting',
  running: 'working',
  paused: 'waiting',
  needs_you: 'attention',
  interrupted: 'danger',
  failed: 'danger',
  merged: 'success',
  discarded: 'neutral',
  cancelled: 'neutral',
};

/** Statuses after which nothing more happens in the run. */
export const FINISHED_STATUSES: ReadonlySet<RunStatus> = new Set<RunStatus>(['merged', 'discarded', 'cancelled']);

/** Statuses a notification announces as "finished" (the settings' `notifications.finished`). */
export const ANNOUNCED_FINISH_STATUSES: ReadonlySet<RunStatus> = new Set<RunStatus>(['merged', 'discarded', 'cancelled', 'failed']);

export function isActive(run: RunView): boolean {
  return !FINISHED_STATUSES.has(run.status);
}

export function canPause(run: RunView): boolean {
  // At the human gate nothing is working: there is nothing to pause.
  return run.status === 'running' || run.status === 'queued' || (run.status === 'needs_you' && run.gate === undefined);
}

export function canResume(run: RunView): boolean {
  return run.status === 'paused' || run.status === 'interrupted';
}

export function formatCost(costUsd: number): string {
  if (costUsd === 0) return '$0';
  return costUsd < 0.01 ? '<$0.01' : `$${costUsd.toFixed(2)}`;
}

export function formatTokens(count: number): string {
  return count >= 10_000 ? `${(count / 1000).toFixed(count >= 100_000 ? 0 : 1)}k` : String(count);
}
