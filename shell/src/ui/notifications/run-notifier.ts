import type { RunStatus, RunView } from '@kanbots/core/protocol';
import { ANNOUNCED_FINISH_STATUSES, RUN_STATUS_LABELS } from '../runs/run-status.js';
import type { NotificationSink } from './notification-sink.js';

export interface RunNotifierOptions {
  sink: NotificationSink;
  /** The card's title for the message. */
  cardTitle: (cardId: string) => string | undefined;
  /** The user's choices (settings `notifications`); both on when unknown. */
  preferences: () => { needsYou: boolean; finished: boolean } | undefined;
}

/**
 * Turns run status transitions into notifications: one when a run moves into `needs_you` and one
 * when it finishes (merged, discarded, cancelled, failed). A repeated view with the same status
 * notifies nothing; the run store only reports real changes.
 */
export function createRunNotifier(options: RunNotifierOptions): (run: RunView, previous: RunStatus | undefined) => void {
  return (run, previous) => {
    if (previous === run.status) return;
    const preferences = options.preferences() ?? { needsYou: true, finished: true };
    const title = options.cardTitle(run.cardId) ?? 'A card';
    if (run.status === 'needs_you') {
      if (!preferences.needsYou) return;
      const what = run.pendingApprovals.length > 0 ? `approve ${run.pendingApprovals[0]!.tool}` : 'review the work';
      options.sink.show(`“${title}” needs you`, `${what} — ${run.statusText}`, `kanbots-${run.id}-needs-you`);
    } else if (ANNOUNCED_FINISH_STATUSES.has(run.status)) {
      if (!preferences.finished) return;
      options.sink.show(`“${title}”: ${RUN_STATUS_LABELS[run.status].toLowerCase()}`, run.statusText, `kanbots-${run.id}-finished`);
    }
  };
}
