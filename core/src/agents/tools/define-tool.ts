import type { z } from 'zod';
import { KanbotsError } from '../../errors.js';
import type { AgentTool, ToolContext, ToolOutcome } from './tool.js';
import { PathOutsideWorktreeError, ToolInputError } from './tool-errors.js';

/** File-system error codes that mean "the model asked for something that is not there / not so". */
const modelFixableCodes = new Set(['ENOENT', 'ENOTDIR', 'EISDIR', 'EEXIST', 'EACCES', 'EPERM', 'ENAMETOOLONG', 'ELOOP', 'ENOTEMPTY', 'EINVAL']);

/** Turns an error the model can fix into an `isError` tool result; returns undefined otherwise. */
export function toolErrorOutcome(error: unknown): ToolOutcome | undefined {
  if (error instanceof PathOutsideWorktreeError || error instanceof ToolInputError) {
    return { content: error.message, isError: true, data: { error: error.toData() } };
  }
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (error instanceof Error && code !== undefined && modelFixableCodes.has(code)) {
    return { content: `${code}: ${error.message}`, isError: true, data: { error: { name: 'FileSystemError', code, message: error.message } } };
  }
  return undefined;
}

export interface ToolDefinition<Schema extends z.ZodType> {
  name: string;
  description: string;
  inputSchema: Schema;
  readOnly: boolean;
  run(input: z.output<Schema>, context: ToolContext): Promise<ToolOutcome>;
}

/**
 * Builds an `AgentTool` whose model-fixable failures (bad path, missing file, no match) come back
 * as `isError` results; anything else (a bug, a full disk) is thrown to the agent loop.
 */
export function defineTool<Schema extends z.ZodType>(definition: ToolDefinition<Schema>): AgentTool<z.output<Schema>> {
  return {
    name: definition.name,
    description: definition.description,
    inputSchema: definition.inputSchema as unknown as z.ZodType<z.output<Schema>>,
    readOnly: definition.readOnly,
    async run(input, context) {
      try {
        return await definition.run(input, context);
      } catch (error) {
        const outcome = toolErrorOutcome(error);
        if (outcome) return outcome;
        throw error;
      }
    },
  };
}

/**
 * Validates raw model input against the tool's schema and runs it. Invalid input is answered with
 * an `isError` result naming the offending fields, so the model can retry.
 */
export async function executeTool(tool: AgentTool, rawInput: unknown, context: ToolContext): Promise<ToolOutcome> {
  const parsed = tool.inputSchema.safeParse(rawInput);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.map(String).join('.') || '(input)'}: ${issue.message}`);
    return { content: `Invalid input for ${tool.name}: ${issues.join('; ')}`, isError: true, data: { error: { name: 'ValidationError', code: 'validation_failed', issues } } };
  }
  try {
    return await tool.run(parsed.data, context);
  } catch (error) {
    const outcome = toolErrorOutcome(error);
    if (outcome) return outcome;
    if (error instanceof KanbotsError) throw error;
    throw new KanbotsError('tool_failed', `Tool ${tool.name} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error, details: { toolName: tool.name } });
  }
}
