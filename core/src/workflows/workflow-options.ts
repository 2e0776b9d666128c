import { z } from 'zod';
import { limits } from '../model/limits.js';
import { personaNameSchema, personaRoleSchema } from '../personas/persona.js';

/**
 * The run options a workflow may take, one vocabulary for every workflow (the protocol's
 * `run.start` carries exactly these): a round limit, a number of parallel candidates, an ordered
 * list of persona steps. A definition's options schema picks from these, with its own bounds and
 * defaults inside the ones here. Plain data, browser-safe.
 */
export const workflowOptionKeys = ['maxRounds', 'candidates', 'steps'] as const;
export type WorkflowOptionKey = (typeof workflowOptionKeys)[number];

/** One step of a pipeline: a role, with the persona that plays it (default: the role's). */
export const pipelineStepSchema = z.strictObject({ role: personaRoleSchema, persona: personaNameSchema.optional() });

export const workflowOptionSchemas = {
  maxRounds: z.int().min(1).max(20),
  candidates: z.int().min(2).max(8),
  steps: z.array(pipelineStepSchema).min(1).max(limits.pipelineSteps),
} as const satisfies Record<WorkflowOptionKey, z.ZodType>;
