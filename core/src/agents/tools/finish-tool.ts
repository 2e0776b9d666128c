import { z } from 'zod';
import { defineTool } from './define-tool.js';

export const finishInput = z.object({
  summary: z.string().min(1).describe('What was done and anything the person or the next agent should know.'),
});

/** `finish`: ends the agent's task; the outcome's `result` is `{ summary }`. */
export const finishTool = defineTool({
  name: 'finish',
  description: 'Call when the task is complete, with a short summary of what you did. This ends your turn on the task.',
  inputSchema: finishInput,
  readOnly: true,
  async run(input) {
    return { content: 'Task finished.', result: { summary: input.summary } };
  },
});
