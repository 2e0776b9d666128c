/**
 * Run states in the person's words: what the workflow was doing when it stopped, and what an
 * agent is doing now. State and phase names stay in the Details view.
 */
const workflowSteps: Record<string, string> = {
  preparing: 'getting the worktree ready',
  developing: 'the developer was working',
  reviewing: 'the reviewer was reviewing',
  judging: 'the judge was comparing the candidates',
  stepping: 'a pipeline step was running',
  followingUp: 'the developer was following up',
  merging: 'merging',
  discarding: 'discarding',
};

const agentPhases: Record<string, string> = {
  preparing: 'is getting ready',
  requesting: 'is working',
  runningTools: 'is running tools',
  awaitingApproval: 'is waiting for your approval',
  backingOff: 'is waiting to try the model again',
  paused: 'is paused',
};

/** "Stopped while the developer was working: <reason>. Retry or cancel." */
export function failedStatusText(step: string | undefined, message: string | undefined): string {
  const where = step === undefined ? '' : ` while ${workflowSteps[step] ?? step.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()}`;
  return `Stopped${where}: ${message ?? 'an unknown error'} — retry or cancel`;
}

/** "Developer is working", "Reviewer-2 is running tools". */
export function workingStatusText(agentKey: string, phase: string): string {
  const name = agentKey.charAt(0).toUpperCase() + agentKey.slice(1);
  return `${name} ${agentPhases[phase] ?? 'is working'}`;
}
