import type { PermissionOption, PermissionOptionKind, ToolCallUpdate, ToolKind } from '@agentclientprotocol/sdk';
import { decideTool, type ToolPolicy, type ToolPolicyDecision } from '../../agents/tools/tool.js';

/**
 * Pure rules for an ACP agent's `session/request_permission`: which Kanbots tool a request is
 * (by the ACP tool kind), what the run's policy says about it, and which of the agent's own
 * options answers a decision. Options are chosen by their `kind`, never by `optionId` (agents
 * name them differently: Claude's adapter `allow` / `reject`, Codex's `approved` / `cancel`).
 */

/** The Kanbots tool an ACP tool kind stands for (policy rules are written with these names). */
export function kanbotsToolOfKind(kind: ToolKind | null | undefined): string {
  switch (kind) {
    case 'edit':
    case 'delete':
    case 'move':
      return 'write_file';
    case 'execute':
      return 'run_command';
    case 'read':
      return 'read_file';
    case 'search':
      return 'search_files';
    case 'fetch':
      return 'fetch';
    default:
      return 'other';
  }
}

/**
 * The policy's decision for a permission request: a rule naming the agent's own tool (`Bash`,
 * `exec_command`) wins over the rule of the Kanbots tool its kind stands for, then the default.
 */
export function decidePermission(policy: ToolPolicy, toolCall: ToolCallUpdate): ToolPolicyDecision {
  const ownName = toolCall.name ?? undefined;
  if (ownName !== undefined && policy.rules?.[ownName] !== undefined) return policy.rules[ownName];
  const decision = decideTool(policy, kanbotsToolOfKind(toolCall.kind));
  // A command the agent asks about may change files (Codex asks to leave its read-only sandbox
  // to write): a rule the policy has about writing files applies to it too (the stricter wins).
  if (toolCall.kind !== 'execute') return decision;
  for (const writing of ['write_file', 'edit_file']) {
    const rule = policy.rules?.[writing];
    if (rule !== undefined) return stricter(decision, rule);
  }
  return decision;
}

const strictness: Record<ToolPolicyDecision, number> = { allow: 0, ask: 1, deny: 2 };

function stricter(first: ToolPolicyDecision, second: ToolPolicyDecision): ToolPolicyDecision {
  return strictness[second] > strictness[first] ? second : first;
}

export type PermissionScope = 'once' | 'always';

/**
 * The agent's option for an allow or a deny, preferring the asked scope (`once` by default) and
 * falling back to the other scope of the same direction. Undefined when the agent offers none
 * (then a deny is answered `cancelled`, which ends the turn).
 */
export function chooseOption(options: readonly PermissionOption[], approved: boolean, scope: PermissionScope = 'once'): PermissionOption | undefined {
  const direction = approved ? 'allow' : 'reject';
  const preferred: PermissionOptionKind[] = scope === 'always' ? [`${direction}_always`, `${direction}_once`] : [`${direction}_once`, `${direction}_always`];
  for (const kind of preferred) {
    const option = options.find((candidate) => candidate.kind === kind);
    if (option !== undefined) return option;
  }
  return undefined;
}
