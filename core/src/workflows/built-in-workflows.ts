import { z } from 'zod';
import { bestOfNWorkflow } from './best-of-n-workflow.js';
import { devReviewWorkflow } from './dev-review-workflow.js';
import { defaultPipelineSteps, pipelineWorkflow } from './pipeline-workflow.js';
import { soloWorkflow } from './solo-workflow.js';
import { defineWorkflow, type WorkflowDefinition } from './workflow-definition.js';
import { workflowOptionSchemas } from './workflow-options.js';

/** The workflows Kanbots ships, defined the way an embedder defines its own. */

export const soloWorkflowDefinition = defineWorkflow({
  id: 'solo',
  label: 'Solo',
  description: 'One developer does the task, then the human gate.',
  machine: soloWorkflow,
  roles: [{ role: 'developer', defaultPersona: 'developer' }],
});

export const devReviewWorkflowDefinition = defineWorkflow({
  id: 'dev-review',
  label: 'Dev ⇄ review',
  description: 'Developer and reviewer until approved or the round limit, then the human gate.',
  machine: devReviewWorkflow,
  options: z.strictObject({ maxRounds: workflowOptionSchemas.maxRounds.optional().describe('Review rounds (at most)') }),
  roles: [
    { role: 'developer', defaultPersona: 'developer' },
    { role: 'reviewer', defaultPersona: 'reviewer', answersWith: 'submit_review' },
  ],
});

export const bestOfNWorkflowDefinition = defineWorkflow({
  id: 'best-of-n',
  label: 'Best of N',
  description: 'N developers in parallel, each in its own worktree; a judge recommends one; the human picks.',
  machine: bestOfNWorkflow,
  options: z.strictObject({ candidates: workflowOptionSchemas.candidates.optional().describe('Candidates') }),
  roles: [
    { role: 'developer', defaultPersona: 'developer' },
    { role: 'judge', defaultPersona: 'judge', answersWith: 'submit_judgement' },
  ],
  agents: (input) => [
    ...Array.from({ length: Math.max(1, input.candidates ?? 3) }, (_, index) => ({ agent: `developer-${index + 1}`, role: 'developer' as const })),
    { agent: 'judge', role: 'judge' as const },
  ],
});

export const pipelineWorkflowDefinition = defineWorkflow({
  id: 'pipeline',
  label: 'Pipeline',
  description: 'Ordered persona steps (planner → developer → tester → reviewer), each seeing the earlier outputs.',
  machine: pipelineWorkflow,
  options: z.strictObject({ steps: workflowOptionSchemas.steps.optional().describe('Pipeline steps') }),
  roles: [
    { role: 'planner', defaultPersona: 'planner' },
    { role: 'developer', defaultPersona: 'developer' },
    { role: 'tester', defaultPersona: 'tester' },
    { role: 'reviewer', defaultPersona: 'reviewer', answersWith: 'submit_review' },
    { role: 'judge', defaultPersona: 'judge', answersWith: 'submit_judgement' },
  ],
  agents: (input) => {
    const steps = input.steps !== undefined && input.steps.length > 0 ? input.steps : defaultPipelineSteps;
    return steps.map((step, index) => ({ agent: `step-${index + 1}`, role: step.role, ...(step.persona === undefined ? {} : { persona: step.persona }) }));
  },
});

export const builtInWorkflows: readonly WorkflowDefinition[] = [soloWorkflowDefinition, devReviewWorkflowDefinition, bestOfNWorkflowDefinition, pipelineWorkflowDefinition];
