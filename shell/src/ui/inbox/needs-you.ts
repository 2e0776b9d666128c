import type { PendingApproval, RunView } from '@kanbots/core/protocol';

/**
 * One thing waiting for the human: a tool call to approve or deny, a run's human gate, or a run
 * that stopped and will not go on by itself (failed, or interrupted by a restart).
 */
export type NeedsYouItem =
  | { kind: 'approval'; key: string; run: RunView; approval: PendingApproval }
  | { kind: 'gate'; key: string; run: RunView }
  | { kind: 'stopped'; key: string; run: RunView };

/** Every pending approval, open gate and stopped run across the runs, oldest first. */
export function needsYouItems(runs: readonly RunView[]): NeedsYouItem[] {
  const items: Array<NeedsYouItem & { at: number }> = [];
  for (const run of runs) {
    for (const approval of run.pendingApprovals) {
      items.push({ kind: 'approval', key: `${run.id}/${approval.agentId}/${approval.callId}`, run, approval, at: approval.requestedAt });
    }
    if (run.gate && run.status === 'needs_you') items.push({ kind: 'gate', key: `${run.id}/gate`, run, at: run.updatedAt });
    if (run.status === 'failed' || run.status === 'interrupted') items.push({ kind: 'stopped', key: `${run.id}/stopped`, run, at: run.updatedAt });
  }
  return items.sort((a, b) => a.at - b.at).map(({ at: _at, ...item }) => item as NeedsYouItem);
}

/** A short, readable form of a tool call's input for lists. */
export function summariseInput(input: unknown, limit = 120): string {
  if (input === undefined || input === null) return '';
  let text: string;
  if (typeof input === 'string') text = input;
  else if (typeof input === 'object') {
    const record = input as Record<string, unknown>;
    const preferred = record['command'] ?? record['path'] ?? record['file'] ?? record['query'];
    text = typeof preferred === 'string' ? preferred : JSON.stringify(input);
  } else text = String(input);
  return text.length > limit ? `${text.slice(0, limit - 1)}…` : text;
}
