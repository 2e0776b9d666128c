import { bestOfNWorkflow } from '../workflows/best-of-n-workflow.js';
import { devReviewWorkflow } from '../workflows/dev-review-workflow.js';
import { pipelineWorkflow } from '../workflows/pipeline-workflow.js';
import { soloWorkflow } from '../workflows/solo-workflow.js';
import type { WorkflowName } from '../workflows/workflow-types.js';

/**
 * The built-in workflow machines by name. They all share `workflowSetup`'s vocabulary, so the run
 * manager binds the same effects to each (typed as the dev ⇄ review machine, the richest one).
 */
export type WorkflowMachine = typeof devReviewWorkflow;

export const workflowMachines: Record<WorkflowName, WorkflowMachine> = {
  solo: soloWorkflow as unknown as WorkflowMachine,
  'dev-review': devReviewWorkflow,
  'best-of-n': bestOfNWorkflow as unknown as WorkflowMachine,
  pipeline: pipelineWorkflow as unknown as WorkflowMachine,
};

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
