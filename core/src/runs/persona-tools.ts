import { developerTools, readOnlyTools } from '../agents/tools/tool-sets.js';
import type { AgentTool } from '../agents/tools/tool.js';
import type { Persona } from '../personas/persona.js';
import { submitJudgementTool } from '../workflows/submit-judgement-tool.js';
import { submitReviewTool } from '../workflows/submit-review-tool.js';

/** Workflow tools by role: reviewers answer with `submit_review`, judges with `submit_judgement`. */
const workflowTools: Partial<Record<Persona['role'], AgentTool>> = {
  reviewer: submitReviewTool as AgentTool,
  judge: submitJudgementTool as AgentTool,
};

/** The tools of a persona: its tool set plus its role's workflow tool. */
export function toolsForPersona(persona: Persona): AgentTool[] {
  const all = [...developerTools(), submitReviewTool as AgentTool, submitJudgementTool as AgentTool];
  const base =
    persona.tools === 'developer' ? developerTools() : persona.tools === 'read-only' ? readOnlyTools() : all.filter((tool) => (persona.tools as string[]).includes(tool.name));
  const extra = workflowTools[persona.role];
  return extra && !base.some((tool) => tool.name === extra.name) ? [...base, extra] : base;
}
