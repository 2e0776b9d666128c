import { ConfigurationError } from '../errors.js';
import type { Persona, PersonaRole } from '../personas/persona.js';
import { cliAgentKinds, cliAgentKindSchema, formatModelChoice, parseModelChoice, type CliAgentKind } from '../settings/model-choice.js';
import { answerToolOf, defaultPersonaOf, type WorkflowAgentSlot, type WorkflowDefinition } from '../workflows/workflow-definition.js';
import type { WorkflowInput } from '../workflows/workflow-types.js';
import type { RunOptions } from './run-record.js';

/**
 * Agent CLIs as model choices (pure). `claude-code`, `claude-code:<model>`, `codex` and
 * `codex:<model>` make an agent of a run an agent CLI (Claude Code or Codex, driven by
 * `createCliAgentActor`) instead of Kanbots' built-in tool-use loop; every other choice stays
 * built-in. CLIs bring their own tools and cannot call Kanbots' workflow tools (`submit_review`,
 * `submit_judgement`), so only developers, testers and planners may be CLI agents, and only
 * where the workflow does not make their role answer with a workflow tool.
 */

export { cliAgentKinds, cliAgentKindSchema, type CliAgentKind };

/** The roles an agent CLI may take; reviewers and judges answer through workflow tools and stay built-in. */
export const cliAgentRoles: readonly PersonaRole[] = ['developer', 'tester', 'planner'];

export interface CliAgentChoice {
  kind: CliAgentKind;
  /** The CLI's `--model` / Codex model; undefined = the CLI's own default. */
  model?: string;
}

/** `claude-code[:model]` / `codex[:model]` → the CLI choice; anything else (a built-in model choice) → undefined. */
export function parseCliAgentChoice(choice: string | undefined): CliAgentChoice | undefined {
  const parsed = parseModelChoice(choice);
  if (parsed?.kind !== 'cli') return undefined;
  return parsed.model === undefined ? { kind: parsed.agent } : { kind: parsed.agent, model: parsed.model };
}

/** The choice as written in an agent's record (`claude-code:sonnet`, `codex`). */
export function formatCliAgentChoice(choice: CliAgentChoice): string {
  return formatModelChoice({ kind: 'cli', agent: choice.kind, ...(choice.model === undefined ? {} : { model: choice.model }) });
}

/** The agents of a run of the workflow that answer through a workflow tool (reviewer, judge, …). */
function toolAnsweringAgents(workflow: WorkflowDefinition, input: WorkflowInput): WorkflowAgentSlot[] {
  return workflow.agents(input).filter((slot) => !cliAgentRoles.includes(slot.role) || answerToolOf(workflow, slot.role) !== undefined);
}

/** The model choice of one agent, as the run manager resolves it: agent key, role, persona, run default. */
export function agentModelChoice(options: RunOptions, agent: string, role: PersonaRole, persona: Persona | undefined): string | undefined {
  return options.models?.[agent] ?? options.models?.[role] ?? persona?.model ?? options.model;
}

/**
 * Throws the ConfigurationError of a CLI choice for a role that must stay built-in: a reviewer or
 * judge, or any role the workflow makes answer with a workflow tool (`answersWithTool`).
 */
export function assertCliAgentRole(agent: string, role: PersonaRole, choice: string | undefined, answersWithTool = false): void {
  const cli = parseCliAgentChoice(choice);
  if (cli === undefined || (cliAgentRoles.includes(role) && !answersWithTool)) return;
  throw new ConfigurationError(
    `The ${role} "${agent}" cannot be an agent CLI ("${choice}"): a ${role} answers with Kanbots' workflow tools, which ${cli.kind} does not have. ` +
      `Agent CLIs may be ${cliAgentRoles.join(', ')}; give the ${role} a built-in model, e.g. models: { ${role}: 'openai:gpt-4.1' }.`,
    { details: { agent, role, choice: choice ?? null, allowedRoles: [...cliAgentRoles] } },
  );
}

/**
 * Checks a run's model choices at its start: no reviewer or judge of the workflow may be an agent
 * CLI (through the run's default model, a role or agent-key entry, or its persona's model).
 */
export function assertCliAgentRoles(workflow: WorkflowDefinition, input: WorkflowInput, options: RunOptions, personas: readonly Persona[]): void {
  for (const slot of toolAnsweringAgents(workflow, input)) {
    const personaName = slot.persona ?? input.personas?.[slot.role] ?? defaultPersonaOf(workflow, slot.role);
    const persona = personas.find((candidate) => candidate.name === personaName);
    assertCliAgentRole(slot.agent, slot.role, agentModelChoice(options, slot.agent, slot.role, persona), true);
  }
}
