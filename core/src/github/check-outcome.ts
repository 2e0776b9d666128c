/**
 * What a check run's outcome means to Kanbots (browser-safe): which ones failed, so they can go to
 * the developer, and how each reads in words.
 */

/** Conclusions of a completed check that count as a failure to send to the developer. */
export const failedCheckConclusions: ReadonlySet<string> = new Set(['failure', 'timed_out', 'action_required', 'cancelled']);

export function isFailedCheck(check: { status: string; conclusion: string | null }): boolean {
  return check.status === 'completed' && failedCheckConclusions.has(check.conclusion ?? '');
}

const conclusionWords: Record<string, string> = {
  success: 'passed',
  failure: 'failed',
  neutral: 'neutral',
  cancelled: 'cancelled',
  skipped: 'skipped',
  timed_out: 'timed out',
  action_required: 'needs action',
  stale: 'stale',
};

/** "passed", "failed", "running", "queued"… */
export function checkOutcomeWords(check: { status: string; conclusion: string | null }): string {
  if (check.status !== 'completed') return check.status === 'in_progress' ? 'running' : check.status === 'queued' || check.status === 'pending' || check.status === 'waiting' || check.status === 'requested' ? 'waiting to run' : check.status.replace(/_/g, ' ');
  return conclusionWords[check.conclusion ?? ''] ?? (check.conclusion ?? 'done').replace(/_/g, ' ');
}
