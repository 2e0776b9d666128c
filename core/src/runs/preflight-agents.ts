import type { Persona, PersonaRole } from '../personas/persona.js';
import { answerToolOf, defaultPersonaOf, type WorkflowDefinition } from '../workflows/workflow-definition.js';
import type { WorkflowInput } from '../workflows/workflow-types.js';
import { agentModelChoice, cliAgentRoles, parseCliAgentChoice, type CliAgentChoice } from './cli-agent-choice.js';
import type { PreflightProblem } from './preflight-problem.js';
import type { RunOptions } from './run-record.js';

/**
 * Which agents a run will have and what each will run on (pure): one slot per agent the workflow
 * starts (developer and reviewer; N developers and a judge; one per pipeline step), its persona,
 * and its model choice resolved the way the run does it (agent key, role, persona, run default).
 */

export interface AgentSlot {
  /** The agent's key in the run (`developer`, `developer-2`, `step-3`, `judge`). */
  agent: string;
  role: PersonaRole;
  personaName: string;
  persona: Persona | undefined;
  /** The model choice as written (`anthropic:claude-sonnet-4-5`, `codex`, undefined = the default). */
  choice: string | undefined;
  /** Whether the workflow has this role answer with a workflow tool (then it cannot be an agent CLI). */
  answersWithTool: boolean;
}

/** The agents the workflow's definition says a run will have. */
export function agentSlots(workflow: WorkflowDefinition, input: WorkflowInput, options: RunOptions, personas: readonly Persona[]): AgentSlot[] {
  return workflow.agents(input).map((slot) => {
    const personaName = slot.persona ?? input.personas?.[slot.role] ?? defaultPersonaOf(workflow, slot.role);
    const persona = personas.find((candidate) => candidate.name === personaName);
    const answersWithTool = answerToolOf(workflow, slot.role) !== undefined;
    return { agent: slot.agent, role: slot.role, personaName, persona, choice: agentModelChoice(options, slot.agent, slot.role, persona), answersWithTool };
  });
}

/** A role's name for people: `developer`, or `developer 2` for best-of-N's second candidate. */
export function slotLabel(slot: Pick<AgentSlot, 'agent' | 'role'>): string {
  const numbered = /^(developer|step)-(\d+)$/.exec(slot.agent);
  if (numbered?.[1] === 'step') return `${slot.role} (step ${numbered[2]})`;
  if (numbered !== null) return `${slot.role} ${numbered[2]}`;
  return slot.role;
}

/** Personas a slot names that do not exist. */
export function missingPersonaProblems(slots: readonly AgentSlot[], known: readonly Persona[]): PreflightProblem[] {
  const missing = new Map<string, string[]>();
  for (const slot of slots) if (slot.persona === undefined) missing.set(slot.personaName, [...(missing.get(slot.personaName) ?? []), slot.role]);
  return [...missing.entries()].map(([name, roles]) => ({
    code: 'persona_missing',
    field: 'personas',
    roles: [...new Set(roles)],
    message: `There is no persona named "${name}" (for the ${[...new Set(roles)].join(', ')}).`,
    fix: { kind: 'choose', label: 'Choose a persona', options: known.map((persona) => persona.name).slice(0, 50) },
  }));
}

/** Slots grouped by what they run on, so each model or CLI is checked once. */
export interface ChoiceGroup {
  choice: string | undefined;
  cli: CliAgentChoice | undefined;
  slots: AgentSlot[];
}

export function groupByChoice(slots: readonly AgentSlot[]): ChoiceGroup[] {
  const groups = new Map<string, ChoiceGroup>();
  for (const slot of slots) {
    const key = slot.choice ?? '';
    const group = groups.get(key) ?? { choice: slot.choice, cli: parseCliAgentChoice(slot.choice), slots: [] };
    group.slots.push(slot);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/** A CLI given to a reviewer or judge (they answer through Kanbots' workflow tools, which CLIs lack). */
export function cliRoleProblems(groups: readonly ChoiceGroup[]): PreflightProblem[] {
  const problems: PreflightProblem[] = [];
  for (const group of groups) {
    if (group.cli === undefined) continue;
    const refused = group.slots.filter((slot) => !cliAgentRoles.includes(slot.role) || slot.answersWithTool);
    if (refused.length === 0) continue;
    const roles = [...new Set(refused.map((slot) => slot.role))];
    problems.push({
      code: 'cli_role_not_allowed',
      field: 'model',
      roles,
      message: `The ${roles.join(' and ')} cannot be an agent CLI: ${roles.length === 1 ? 'it answers' : 'they answer'} with Kanbots' own workflow tools. Give ${roles.length === 1 ? 'it' : 'them'} a model of an API provider.`,
    });
  }
  return problems;
}
