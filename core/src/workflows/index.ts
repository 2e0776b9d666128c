/**
 * `@kanbots/core/workflows`: what it takes to define a workflow of your own and register it
 * (`createKanbots({ workflows: [...] })`, `kanbots serve --workflows <module>`). A workflow is a
 * machine built on `workflowSetup` (its effects — worktrees, agent steps, merge, discard — are
 * bound by the run layer), the options it takes, and its roles. See docs/workflows.md.
 */
export { defineWorkflow, answerToolOf, defaultPersonaOf, parseWorkflowOptions, builtInAnswerTools, WorkflowDefinitionError } from './workflow-definition.js';
export type { WorkflowDefinition, WorkflowDefinitionInput, WorkflowRoleDefinition, WorkflowAgentSlot, WorkflowOptionsSchema, BuiltInAnswerToolName } from './workflow-definition.js';
export { WorkflowRegistry, createWorkflowRegistry, DuplicateWorkflowError, UnknownWorkflowError } from './workflow-registry.js';
export { describeWorkflow, describeWorkflowOptions } from './workflow-view.js';
export { builtInWorkflows, soloWorkflowDefinition, devReviewWorkflowDefinition, bestOfNWorkflowDefinition, pipelineWorkflowDefinition } from './built-in-workflows.js';
export { workflowIdSchema, type WorkflowId } from './workflow-id.js';
export { workflowOptionKeys, workflowOptionSchemas, pipelineStepSchema, type WorkflowOptionKey } from './workflow-options.js';
export { workflowSetup, initialWorkflowContext, nextStep, stepInput, summaryOf, chosenCandidate, discardTargets } from './workflow-setup.js';
export { endingStates } from './gate-states.js';
/** XState's action creators and zod, the same instances the machines and definitions are checked with. */
export { assign, emit } from 'xstate';
export { z } from 'zod';
export { defineTool } from '../agents/tools/define-tool.js';
export type { AgentTool, ToolContext, ToolOutcome } from '../agents/tools/tool.js';
export type {
  WorkflowName,
  WorkflowInput,
  WorkflowContext,
  WorkflowEvent,
  WorkflowEmitted,
  WorkflowTag,
  AgentStepInput,
  AgentStepOutput,
  CurrentStep,
  GateState,
  PipelineStep,
} from './workflow-types.js';
export type { PersonaRole } from '../personas/persona.js';
