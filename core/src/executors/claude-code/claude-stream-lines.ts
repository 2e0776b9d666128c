import { z } from 'zod';

/**
 * zod schemas of the stream-json lines Claude Code prints with `-p --output-format stream-json
 * --verbose` (observed with 2.1.x). Loose on purpose: unknown keys pass, unknown line types are
 * ignored by the converter, so a newer CLI that adds fields does not break a run.
 */

export const claudeUsageSchema = z.looseObject({
  input_tokens: z.number().optional(),
  output_tokens: z.number().optional(),
  cache_read_input_tokens: z.number().nullish(),
  cache_creation_input_tokens: z.number().nullish(),
});

export const claudeInitLineSchema = z.looseObject({
  type: z.literal('system'),
  subtype: z.literal('init'),
  session_id: z.string(),
  model: z.string().optional(),
  cwd: z.string().optional(),
  permissionMode: z.string().optional(),
  claude_code_version: z.string().optional(),
});

export const claudeApiRetryLineSchema = z.looseObject({
  type: z.literal('system'),
  subtype: z.literal('api_retry'),
  attempt: z.number(),
  max_retries: z.number().optional(),
  retry_delay_ms: z.number().optional(),
  error_status: z.number().nullish(),
  error: z.string().nullish(),
});

const textBlockSchema = z.looseObject({ type: z.literal('text'), text: z.string() });
const toolUseBlockSchema = z.looseObject({ type: z.literal('tool_use'), id: z.string(), name: z.string(), input: z.unknown() });
const otherBlockSchema = z.looseObject({ type: z.string() });

export const claudeAssistantLineSchema = z.looseObject({
  type: z.literal('assistant'),
  session_id: z.string().optional(),
  parent_tool_use_id: z.string().nullish(),
  message: z.looseObject({
    id: z.string().optional(),
    model: z.string().optional(),
    content: z.array(z.union([textBlockSchema, toolUseBlockSchema, otherBlockSchema])),
    usage: claudeUsageSchema.optional(),
  }),
});

const toolResultContentSchema = z.union([
  z.string(),
  z.array(z.looseObject({ type: z.string(), text: z.string().optional() })),
]);

export const claudeToolResultBlockSchema = z.looseObject({
  type: z.literal('tool_result'),
  tool_use_id: z.string(),
  content: toolResultContentSchema.optional(),
  is_error: z.boolean().optional(),
});

export const claudeUserLineSchema = z.looseObject({
  type: z.literal('user'),
  message: z.looseObject({ content: z.union([z.string(), z.array(z.looseObject({ type: z.string() }))]) }),
  /** Structured result of the last tool (Write / Edit report the file and a patch here). */
  tool_use_result: z.unknown().optional(),
});

export const claudeResultLineSchema = z.looseObject({
  type: z.literal('result'),
  subtype: z.string(),
  is_error: z.boolean().optional(),
  api_error_status: z.number().nullish(),
  duration_ms: z.number().optional(),
  num_turns: z.number().optional(),
  result: z.string().optional(),
  stop_reason: z.string().nullish(),
  session_id: z.string().optional(),
  total_cost_usd: z.number().optional(),
  usage: claudeUsageSchema.optional(),
  permission_denials: z.array(z.unknown()).optional(),
});

export const claudeWriteResultSchema = z.looseObject({
  type: z.string().optional(),
  filePath: z.string(),
  structuredPatch: z.array(z.unknown()).optional(),
  content: z.string().optional(),
  oldString: z.string().optional(),
  newString: z.string().optional(),
});

export type ClaudeUsageLine = z.infer<typeof claudeUsageSchema>;
