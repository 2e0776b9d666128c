import { z } from 'zod';

/**
 * zod schemas of the JSONL events `codex exec --json` prints (observed with 0.169). Loose: unknown
 * keys pass and unknown event or item types are ignored by the converter.
 */

export const codexUsageSchema = z.looseObject({
  input_tokens: z.number().optional(),
  cached_input_tokens: z.number().optional(),
  cache_write_input_tokens: z.number().optional(),
  output_tokens: z.number().optional(),
  reasoning_output_tokens: z.number().optional(),
});

export const codexThreadStartedSchema = z.looseObject({ type: z.literal('thread.started'), thread_id: z.string() });

export const codexTurnCompletedSchema = z.looseObject({ type: z.literal('turn.completed'), usage: codexUsageSchema.optional() });

export const codexTurnFailedSchema = z.looseObject({
  type: z.literal('turn.failed'),
  error: z.looseObject({ message: z.string().optional() }).optional(),
});

export const codexErrorLineSchema = z.looseObject({ type: z.literal('error'), message: z.string().optional() });

export const codexItemSchema = z.looseObject({
  id: z.string(),
  type: z.string(),
  /** agent_message, reasoning */
  text: z.string().optional(),
  /** command_execution */
  command: z.string().optional(),
  aggregated_output: z.string().optional(),
  exit_code: z.number().nullish(),
  /** in_progress | completed | failed | declined */
  status: z.string().optional(),
  /** file_change */
  changes: z.array(z.looseObject({ path: z.string(), kind: z.string().optional() })).optional(),
  /** error */
  message: z.string().optional(),
  /** mcp_tool_call */
  server: z.string().optional(),
  tool: z.string().optional(),
  arguments: z.unknown().optional(),
});

export const codexItemEventSchema = z.looseObject({
  type: z.enum(['item.started', 'item.updated', 'item.completed']),
  item: codexItemSchema,
});

export type CodexItem = z.infer<typeof codexItemSchema>;
export type CodexUsageLine = z.infer<typeof codexUsageSchema>;
