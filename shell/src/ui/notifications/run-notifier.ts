import { toolRequestText, type RunStatus, type RunView } from '@kanbots/core/protocol';
import { plainError } from '../runs/plain-error.js';
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
      const approval = run.pendingApprovals[0];
      // An approval says itself ("Developer wants to run `npm test`"); a gate says why it stopped.
      const body = approval !== undefined ? toolRequestText(approval.agentId, approval.tool, approval.input, run.agents.find((agent) => agent.id === approval.agentId)?.role) : `review the work — ${run.statusText}`;
      options.sink.show(`“${title}” needs you`, body, `kanbots-${run.id}-needs-you`);
    } else if (ANNOUNCED_FINISH_STATUSES.has(run.status)) {
      if (!preferences.finished) return;
      // A failure's notification says what failed in plain words; its cause is on the card, said once.
      const body = run.status === 'failed' && run.error !== undefined ? `${plainError(run.error).title} Open the card to see why and what to do.` : run.statusText;
      options.sink.show(`“${title}”: ${RUN_STATUS_LABELS[run.status].toLowerCase()}`, body, `kanbots-${run.id}-finished`);
    }
  };
}
