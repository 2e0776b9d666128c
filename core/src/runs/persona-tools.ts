import { developerTools, readOnlyTools } from '../agents/tools/tool-sets.js';
import type { AgentTool } from '../agents/tools/tool.js';
import type { Persona } from '../personas/persona.js';
import { submitJudgementTool } from '../workflows/submit-judgement-tool.js';
import { submitReviewTool } from '../workflows/submit-review-tool.js';

/** Workflow tools by role, when the workflow names none: reviewers answer with `submit_review`, judges with `submit_judgement`. */
const workflowTools: Partial<Record<Persona['role'], AgentTool>> = {
  reviewer: submitReviewTool as AgentTool,
  judge: submitJudgementTool as AgentTool,
};

/**
 * The tools of a persona: its tool set plus the workflow tool it answers with — the one its role
 * has in the run's workflow (`answer`), else its role's built-in one.
 */
export function toolsForPersona(persona: Persona, answer?: AgentTool): AgentTool[] {
  const all = [...developerTools(), submitReviewTool as AgentTool, submitJudgementTool as AgentTool];
  const base =
    persona.tools === 'developer' ? developerTools() : persona.tools === 'read-only' ? readOnlyTools() : all.filter((tool) => (persona.tools as string[]).includes(tool.name));
  const extra = answer ?? workflowTools[persona.role];
  return extra && !base.some((tool) => tool.name === extra.name) ? [...base, extra] : base;
}
