import type { ToolCallPart } from '../providers/model-port.js';
import type { AgentTool } from './tools/tool.js';

export interface CheckedToolCall {
  callId: string;
  name: string;
  /** The schema-validated input when the call is fine, else what the model sent. */
  input: unknown;
  /** A message for the model when the call cannot run. */
  problem?: string;
}

const maxIssues = 5;

/**
 * Checks a model's tool call before anything runs: the tool must exist, the arguments must be
 * JSON, and they must satisfy the tool's zod schema. Problems go back to the model as a tool
 * error it can fix, so the message says what to do.
 */
export function checkToolCall(call: ToolCallPart, tools: readonly AgentTool[]): CheckedToolCall {
  const base = { callId: call.id, name: call.name };
  const tool = tools.find((candidate) => candidate.name === call.name);
  if (!tool) {
    const names = tools.map((candidate) => candidate.name).join(', ');
    return { ...base, input: call.input ?? {}, problem: `Unknown tool "${call.name}". Available tools: ${names || '(none)'}.` };
  }
  if (call.parseError !== undefined) {
    return {
      ...base,
      input: {},
      problem: `The arguments of "${call.name}" are not valid JSON (${call.parseError}). Send one JSON object matching the tool's input schema.`,
    };
  }
  const parsed = tool.inputSchema.safeParse(call.input ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, maxIssues)
      .map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`)
      .join('; ');
    return { ...base, input: call.input ?? {}, problem: `Invalid input for "${call.name}": ${issues}. Fix the arguments and call it again.` };
  }
  return { ...base, input: parsed.data };
}
