import type { ExecutorApprovalDecision, ExecutorApprovals } from './executor.js';

/**
 * Where the person's APPROVE / DENY meet the executor waiting for them: a decision that arrives
 * before the executor asks is kept for it; each decision is used once.
 */
export class ApprovalInbox implements ExecutorApprovals {
  private readonly early = new Map<string, ExecutorApprovalDecision>();
  private readonly waiting = new Map<string, (decision: ExecutorApprovalDecision) => void>();

  deliver(decision: ExecutorApprovalDecision): void {
    const waiter = this.waiting.get(decision.callId);
    if (waiter === undefined) {
      this.early.set(decision.callId, decision);
      return;
    }
    this.waiting.delete(decision.callId);
    waiter(decision);
  }

  decision(callId: string, signal: AbortSignal): Promise<ExecutorApprovalDecision> {
    const early = this.early.get(callId);
    if (early !== undefined) {
      this.early.delete(callId);
      return Promise.resolve(early);
    }
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        this.waiting.delete(callId);
        reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiting.set(callId, (decision) => {
        signal.removeEventListener('abort', onAbort);
        resolve(decision);
      });
    });
  }
}
