import { z } from 'zod';
import { defineTool } from '../agents/tools/define-tool.js';
import type { AgentTool } from '../agents/tools/tool.js';
import { reviewSchema, type Review } from './review.js';

/**
 * The reviewer's workflow tool. Its input is validated with `reviewSchema` (the agent answers a
 * broken input as a tool error the model can fix); a valid review ends the reviewer's turn with
 * the review as its result.
 */
export const submitReviewTool: AgentTool<Review> = defineTool({
  name: 'submit_review',
  description:
    'Submit your review of the change. verdict: "approve" or "request_changes"; findings: [{ file, line?, severity: "blocker" | "major" | "minor" | "nit", message }] (at least one when requesting changes).',
  inputSchema: reviewSchema as unknown as z.ZodType<Review>,
  readOnly: true,
  async run(input) {
    const count = input.findings.length;
    return {
      content: `Review submitted: ${input.verdict}${count > 0 ? ` with ${count} finding${count === 1 ? '' : 's'}` : ''}.`,
      data: { review: input },
      result: input,
    };
  },
});
