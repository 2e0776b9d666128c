import { decideTool, type ToolPolicy, type ToolPolicyDecision } from '../../agents/tools/tool.js';

/**
 * Kanbots' tool policy → Claude Code's permission controls. `-p` runs cannot ask anyone, so a
 * tool that needs approval is refused by the CLI (reported as a tool error and in
 * `permission_denials`). `bypassPermissions` is never chosen: it skips every check (and Claude
 * Code refuses it when running as root anyway).
 *
 * | Kanbots decision                          | Claude Code                                   |
 * |-------------------------------------------|-----------------------------------------------|
 * | write_file + edit_file `allow`            | `--permission-mode acceptEdits`               |
 * | no `ask` anywhere (edits not allowed)     | `--permission-mode dontAsk`                   |
 * | otherwise                                 | `--permission-mode default`                   |
 * | write/edit `deny`                         | `--disallowedTools Write Edit MultiEdit NotebookEdit` |
 * | run_command `allow` / `deny`              | `--allowedTools Bash` / `--disallowedTools Bash` |
 * | a rule named after a Claude tool (`Bash`) | passed through to allowed / disallowed tools  |
 */

export type ClaudePermissionMode = 'acceptEdits' | 'default' | 'dontAsk' | 'plan';

export interface ClaudePermissions {
  permissionMode: ClaudePermissionMode;
  allowedTools: string[];
  disallowedTools: string[];
}

const editTools = ['Write', 'Edit', 'MultiEdit', 'NotebookEdit'];

/** The strictest of several decisions. */
function strictest(decisions: ToolPolicyDecision[]): ToolPolicyDecision {
  if (decisions.includes('deny')) return 'deny';
  if (decisions.includes('ask')) return 'ask';
  return 'allow';
}

export function mapPolicyToClaudePermissions(policy: ToolPolicy): ClaudePermissions {
  const edits = strictest([decideTool(policy, 'write_file'), decideTool(policy, 'edit_file')]);
  const commands = decideTool(policy, 'run_command');
  const allowed = new Set<string>();
  const disallowed = new Set<string>();
  if (edits === 'deny') for (const tool of editTools) disallowed.add(tool);
  if (commands === 'allow') allowed.add('Bash');
  if (commands === 'deny') disallowed.add('Bash');
  for (const [name, decision] of Object.entries(policy.rules ?? {})) {
    if (!/^[A-Z]/.test(name)) continue; // Kanbots' own tool names are snake_case.
    if (decision === 'allow') allowed.add(name);
    if (decision === 'deny') disallowed.add(name);
  }
  const anyAsk = policy.default === 'ask' || Object.values(policy.rules ?? {}).includes('ask');
  const permissionMode: ClaudePermissionMode = edits === 'allow' ? 'acceptEdits' : anyAsk ? 'default' : 'dontAsk';
  for (const name of disallowed) allowed.delete(name);
  return { permissionMode, allowedTools: [...allowed], disallowedTools: [...disallowed] };
}
