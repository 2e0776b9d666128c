import { z } from 'zod';

/**
 * What Settings' "Agents" section shows about each supported agent CLI (browser-safe: zod only):
 * found or not, its version, whether it is logged in, and the commands that install it and log it
 * in. Never a path, never what the CLI printed (it may quote part of a key).
 */

export const agentCliNameSchema = z.enum(['claude-code', 'codex']);

export const agentCliStatusSchema = z.object({
  name: agentCliNameSchema,
  /** `Claude Code`, `Codex`. */
  label: z.string(),
  installed: z.boolean(),
  version: z.string().max(100).optional(),
  /** Present when installed: its own login (Kanbots gives it no key). */
  login: z.enum(['logged-in', 'not-logged-in', 'unknown']).optional(),
  /** How it is logged in, in words ("a Claude account"). */
  loginMethod: z.string().max(200).optional(),
  /** Why it was not found, or why its login state is unknown, in words. */
  problem: z.string().max(500).optional(),
  installCommand: z.string(),
  loginCommand: z.string(),
});
export type AgentCliStatus = z.infer<typeof agentCliStatusSchema>;

export const agentCliLabels: Record<z.infer<typeof agentCliNameSchema>, string> = { 'claude-code': 'Claude Code', codex: 'Codex' };
