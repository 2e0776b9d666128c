import type { ActorRefFrom } from 'xstate';
import type { ActivityLog } from '../log/activity-log.js';
import type { AgentHost } from './agent-host.js';
import type { RunLifecycleActor } from './run-lifecycle-machine.js';
import type { RunRecord, RunSetupSummary } from './run-record.js';
import type { RunStepWriter } from './run-step-writer.js';
import type { WorkflowMachine } from './workflow-machines.js';

/** A run in memory: its record, workflow actor, agent hosts and log (internal to the run manager). */
export type WorkflowActor = ActorRefFrom<WorkflowMachine>;

export interface LiveRun {
  record: RunRecord;
  /** The workflow: the child `workflow` of the run's root actor (`lifecycle`). */
  actor: WorkflowActor;
  /** The workflow machine's id (the prefix of the active states' ids). */
  workflowId: string;
  hosts: Map<string, AgentHost>;
  log: ActivityLog;
  /** The run's ordered writer of step boundaries (record and agents). */
  writer: RunStepWriter;
  /** The run machine: the root of the run's actor system (restoring, interrupted, going, queued, finished); it invokes the workflow and the agents are its children. */
  lifecycle: RunLifecycleActor;
  /** The setup script running now in one of its worktrees (its output as it comes). */
  setup?: RunSetupSummary;
  /** An agent of the run has answered (text, a tool call, a turn): only then does the card move to "In progress". */
  started?: boolean;
  lastState: string;
  lastPersisted: string;
  boardQueue: Promise<void>;
  abort: AbortController;
  unsubscribe: () => void;
}
