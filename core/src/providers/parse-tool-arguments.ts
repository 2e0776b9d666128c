/**
 * Parses a tool call's raw arguments. Malformed JSON is reported as `parseError`, never thrown:
 * the agent loop answers the model with a tool error it can fix.
 */
export interface ParsedToolArguments {
  input: unknown;
  parseError?: string;
}

export function parseToolArguments(rawArguments: string): ParsedToolArguments {
  if (rawArguments.trim() === '') return { input: {} };
  try {
    return { input: JSON.parse(rawArguments) as unknown };
  } catch (error) {
    return { input: undefined, parseError: `Tool arguments are not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
}
