import { z } from 'zod';
import { personaNameSchema, personaRoleSchema } from '../personas/persona.js';
import { workflowIdSchema } from '../workflows/workflow-id.js';
import { workflowOptionKeys } from '../workflows/workflow-options.js';

/**
 * The workflows a host can run, as the run form shows them (the snapshot's `workflows`): each
 * one's id, label and description, its roles with their default personas, and the options it
 * takes with their bounds. The form draws its fields from these, so a workflow an embedder
 * registers is offered like a built-in one.
 */

export const workflowOptionViewSchema = z.strictObject({
  key: z.enum(workflowOptionKeys),
  /** What the field is called ("Review rounds (at most)"). */
  label: z.string().min(1).max(200),
  /** `integer`: a number field; `steps`: an ordered list of roles. */
  kind: z.enum(['integer', 'steps']),
  min: z.int().optional(),
  max: z.int().optional(),
  /** The workflow's own default (else the settings' default for the key, else none). */
  default: z.int().optional(),
});
export type WorkflowOptionView = z.infer<typeof workflowOptionViewSchema>;

export const workflowRoleViewSchema = z.strictObject({
  role: personaRoleSchema,
  defaultPersona: personaNameSchema,
  /** The workflow tool the role answers with (`submit_review`, …); such a role cannot be an agent CLI. */
  answersWith: z.string().min(1).max(64).optional(),
});
export type WorkflowRoleView = z.infer<typeof workflowRoleViewSchema>;

export const workflowViewSchema = z.strictObject({
  id: workflowIdSchema,
  label: z.string().min(1).max(80),
  description: z.string().min(1).max(500),
  roles: z.array(workflowRoleViewSchema).min(1),
  options: z.array(workflowOptionViewSchema),
});
export type WorkflowView = z.infer<typeof workflowViewSchema>;
