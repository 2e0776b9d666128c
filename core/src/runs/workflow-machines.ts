import type { devReviewWorkflow } from '../workflows/dev-review-workflow.js';
import type { WorkflowDefinition } from '../workflows/workflow-definition.js';
import type { WorkflowTag } from '../workflows/workflow-types.js';

/**
 * A workflow machine as the run layer binds it. Every registered workflow is built on
 * `workflowSetup`'s vocabulary, so the run manager binds the same effects to each (typed as the
 * dev ⇄ review machine, the richest one).
 */
export type WorkflowMachine = typeof devReviewWorkflow;

/** The definition's machine, typed for binding its effects. */
export function workflowMachineOf(definition: WorkflowDefinition): WorkflowMachine {
  return definition.machine as unknown as WorkflowMachine;
}

/** Ids of the active states, e.g. `devReview.reviewing` (atomic and compound). */
export function activeStateIds(machineId: string, value: unknown): string[] {
  const ids: string[] = [];
  const walk = (prefix: string, node: unknown): void => {
    if (typeof node === 'string') {
      ids.push(`${prefix}.${node}`);
      return;
    }
    if (typeof node === 'object' && node !== null) {
      for (const [key, child] of Object.entries(node)) {
        ids.push(`${prefix}.${key}`);
        walk(`${prefix}.${key}`, child);
      }
    }
  };
  walk(machineId, value);
  return ids;
}

/** The tags of the workflow's active states (every registered workflow uses `WorkflowTag`s; XState types them as strings). */
export function workflowTags(snapshot: { tags: Set<string> }): ReadonlySet<WorkflowTag> {
  return snapshot.tags as ReadonlySet<WorkflowTag>;
}
