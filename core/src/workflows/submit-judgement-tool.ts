import { z } from 'zod';
import { defineTool } from '../agents/tools/define-tool.js';
import type { AgentTool } from '../agents/tools/tool.js';
import type { Judgement } from './workflow-types.js';
import { limits } from '../model/limits.js';

/** The judge's workflow tool (best-of-N): the recommended candidate and a reason for each one. */
export const judgementSchema = z.object({
  recommended: z.string().trim().min(1),
  reasons: z.array(z.object({ candidate: z.string().trim().min(1), reason: z.string().trim().min(1).max(limits.reviewTextLength) })).min(1),
});

export const submitJudgementTool: AgentTool<Judgement> = defineTool({
  name: 'submit_judgement',
  description: 'Recommend the best candidate: { recommended: <candidate id>, reasons: [{ candidate, reason }] } with one reason per candidate.',
  inputSchema: judgementSchema,
  readOnly: true,
  async run(input) {
    return { content: `Judgement submitted: ${input.recommended}.`, data: { judgement: input }, result: input };
  },
});
