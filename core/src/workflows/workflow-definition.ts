import { z } from 'zod';
import type { AnyStateMachine } from 'xstate';
import type { AgentTool } from '../agents/tools/tool.js';
import { ConfigurationError, validationErrorFrom } from '../errors.js';
import { personaNameSchema, personaRoleSchema, type PersonaRole } from '../personas/persona.js';
import { submitJudgementTool } from './submit-judgement-tool.js';
import { submitReviewTool } from './submit-review-tool.js';
import { workflowIdSchema, type WorkflowId } from './workflow-id.js';
import { workflowOptionKeys, type WorkflowOptionKey } from './workflow-options.js';
import type { WorkflowInput } from './workflow-types.js';

/**
 * A workflow as Kanbots knows it: its machine (built on `workflowSetup`), the options a run of it
 * takes, the roles it gives agents (with their default personas and the workflow tool each
 * answers with), and how people see it (label, description). The run layer, the protocol, the
 * statechart docs and the run form all read definitions from one `WorkflowRegistry`.
 */

/** The workflow tools Kanbots ships; a definition may also bring its own `AgentTool`. */
export const builtInAnswerTools = { submit_review: submitReviewTool as AgentTool, submit_judgement: submitJudgementTool as AgentTool } as const;
export type BuiltInAnswerToolName = keyof typeof builtInAnswerTools;

export interface WorkflowRoleDefinition {
  role: PersonaRole;
  /** The persona that plays the role when the run names none (a built-in one or the user's). */
  defaultPersona: string;
  /**
   * The workflow tool whose call is the role's answer (it ends the agent's step with the tool's
   * result). Agent CLIs cannot call workflow tools, so such a role always runs on a built-in model.
   */
  answersWith?: BuiltInAnswerToolName | AgentTool;
}

/** One agent a run of the workflow will have: its key in the run, its role, the persona a step names. */
export interface WorkflowAgentSlot {
  agent: string;
  role: PersonaRole;
  persona?: string;
}

/** A zod object schema over some of `workflowOptionKeys`. */
export type WorkflowOptionsSchema = z.ZodObject<Partial<Record<WorkflowOptionKey, z.ZodType>>>;

export interface WorkflowDefinitionInput {
  id: string;
  /** What people call it (the run form's choice, the CLI's list): "Dev ⇄ review", "Test and fix". */
  label: string;
  /** One sentence: what it does. */
  description: string;
  /** A machine built with `workflowSetup` (its effects are bound by the run layer). */
  machine: AnyStateMachine;
  /** The run options it takes (default: none). Validated when a run starts. */
  options?: WorkflowOptionsSchema;
  roles: readonly WorkflowRoleDefinition[];
  /** The agents a run will have, for the check before it starts (default: one per role, keyed by the role). */
  agents?: (input: WorkflowInput) => WorkflowAgentSlot[];
}

export interface WorkflowDefinition {
  readonly id: WorkflowId;
  readonly label: string;
  readonly description: string;
  readonly machine: AnyStateMachine;
  readonly options: WorkflowOptionsSchema;
  readonly roles: readonly WorkflowRoleDefinition[];
  agents(input: WorkflowInput): WorkflowAgentSlot[];
}

/** A workflow definition that cannot be used as written (bad id, no roles, an unknown option). */
export class WorkflowDefinitionError extends ConfigurationError {
  override readonly name: string = 'WorkflowDefinitionError';
  constructor(workflow: string, problem: string) {
    super(`The workflow "${workflow}" cannot be registered: ${problem}.`, { details: { workflow, problem } });
  }
}

/** Checks a definition and fills its defaults; a WorkflowDefinitionError says what is wrong. */
export function defineWorkflow(input: WorkflowDefinitionInput): WorkflowDefinition {
  const id = String(input.id);
  if (!workflowIdSchema.safeParse(id).success) throw new WorkflowDefinitionError(id, 'its id must be lower-case letters, digits and - (at most 64)');
  if (typeof input.label !== 'string' || input.label.trim() === '' || input.label.length > 80) throw new WorkflowDefinitionError(id, 'it needs a label of at most 80 characters');
  if (typeof input.description !== 'string' || input.description.trim() === '') throw new WorkflowDefinitionError(id, 'it needs a description');
  if (typeof input.machine?.provide !== 'function') throw new WorkflowDefinitionError(id, 'its machine is not an XState machine');
  if (input.roles.length === 0) throw new WorkflowDefinitionError(id, 'it needs at least one role');
  const seen = new Set<PersonaRole>();
  for (const role of input.roles) {
    if (!personaRoleSchema.safeParse(role.role).success) throw new WorkflowDefinitionError(id, `"${String(role.role)}" is not a role (${personaRoleSchema.options.join(', ')})`);
    if (seen.has(role.role)) throw new WorkflowDefinitionError(id, `the role "${role.role}" is listed twice`);
    seen.add(role.role);
    if (!personaNameSchema.safeParse(role.defaultPersona).success) throw new WorkflowDefinitionError(id, `the default persona of the ${role.role} ("${String(role.defaultPersona)}") is not a persona name`);
    const answer = role.answersWith;
    if (typeof answer === 'string' && !Object.hasOwn(builtInAnswerTools, answer)) {
      throw new WorkflowDefinitionError(id, `the ${role.role} answers with "${answer}", which is not a workflow tool (${Object.keys(builtInAnswerTools).join(', ')}, or an AgentTool of your own)`);
    }
  }
  const options = input.options ?? z.strictObject({});
  if (!(options instanceof z.ZodObject)) throw new WorkflowDefinitionError(id, 'its options must be a zod object schema');
  const unknown = Object.keys(options.shape).filter((key) => !(workflowOptionKeys as readonly string[]).includes(key));
  if (unknown.length > 0) throw new WorkflowDefinitionError(id, `its options name ${unknown.join(', ')}; a run can carry ${workflowOptionKeys.join(', ')}`);
  const roles = input.roles.map((role) => ({ ...role }));
  const agents = input.agents ?? (() => roles.map((role) => ({ agent: role.role, role: role.role })));
  return { id, label: input.label.trim(), description: input.description.trim(), machine: input.machine, options, roles, agents };
}

/** The tool a role of the workflow answers with (undefined: it answers by finishing). */
export function answerToolOf(definition: WorkflowDefinition, role: PersonaRole): AgentTool | undefined {
  const answer = definition.roles.find((candidate) => candidate.role === role)?.answersWith;
  if (answer === undefined) return undefined;
  return typeof answer === 'string' ? builtInAnswerTools[answer] : answer;
}

/** The persona a role of the workflow is played by when the run names none (else the persona named after the role). */
export function defaultPersonaOf(definition: WorkflowDefinition | undefined, role: PersonaRole): string {
  return definition?.roles.find((candidate) => candidate.role === role)?.defaultPersona ?? role;
}

/**
 * The run options the workflow takes, checked by its own schema (bounds, defaults): the keys its
 * schema names, others ignored. A ValidationError when they do not pass.
 */
export function parseWorkflowOptions(definition: WorkflowDefinition, options: Partial<Record<WorkflowOptionKey, unknown>>): Pick<WorkflowInput, WorkflowOptionKey> {
  const given: Record<string, unknown> = {};
  for (const key of Object.keys(definition.options.shape)) if (options[key as WorkflowOptionKey] !== undefined) given[key] = options[key as WorkflowOptionKey];
  const parsed = definition.options.safeParse(given);
  if (!parsed.success) throw validationErrorFrom(`options of the ${definition.label} workflow`, parsed.error);
  return parsed.data as Pick<WorkflowInput, WorkflowOptionKey>;
}
