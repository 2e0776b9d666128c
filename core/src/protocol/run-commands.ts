import { z } from 'zod';
import { repositoryInfoSchema } from '../git/worktree-info.js';
import { personaNameSchema, personaRoleSchema } from '../personas/persona.js';
import { diffFileViewSchema, runViewSchema, workflowKindSchema } from './run-views.js';
import { limits } from '../model/limits.js';
import { activityRecordSchema } from '../log/activity-record.js';
import { findingSeveritySchema } from '../workflows/review.js';
import { pipelineStepSchema, workflowOptionSchemas } from '../workflows/workflow-options.js';

/**
 * The run commands (docs/protocol.md, "Runs"): start a workflow on a card, steer it (pause,
 * resume, cancel, retry, approve, deny, follow up) and settle it at the human gate (diff, merge,
 * discard, undo the run's changes to the git configuration). Their arguments and results, as the host checks them and the UI sends and reads them.
 */

const id = z.string().min(1).max(limits.idLength);
const modelText = z.string().trim().min(1).max(limits.titleLength);

/** What the run form picks: an API provider, or an agent CLI that does the writing roles. */
export const runProviderSchema = z.enum(['anthropic', 'openai', 'compatible', 'claude-code', 'codex']);
export type RunProvider = z.infer<typeof runProviderSchema>;

export { pipelineStepSchema };
export type PipelineStep = z.infer<typeof pipelineStepSchema>;

export const runStartOptionsSchema = z.strictObject({
  provider: runProviderSchema.optional(),
  /** A model name for `provider`, or a whole model choice (`openai:gpt-5`). */
  model: modelText.optional(),
  /** Per agent key (`developer-2`) or role (`reviewer`): a model choice. */
  models: z.record(z.string().min(1).max(64), modelText).optional(),
  personas: z.partialRecord(personaRoleSchema, personaNameSchema).optional(),
  // The workflow options (workflow-options.ts); the workflow's own schema checks them again at the start.
  maxRounds: workflowOptionSchemas.maxRounds.optional(),
  candidates: workflowOptionSchemas.candidates.optional(),
  steps: workflowOptionSchemas.steps.optional(),
  repository: z.string().min(1).max(limits.pathLength).optional(),
  baseBranch: z.string().min(1).max(limits.branchLength).optional(),
  /** Whether this run's sandboxed commands may use the network (default: the settings' `toolPolicy.network`, else off). */
  network: z.enum(['off', 'on']).optional(),
});
export type RunStartOptions = z.infer<typeof runStartOptionsSchema>;

export const runStartArgsSchema = z.strictObject({ cardId: id, workflow: workflowKindSchema, options: runStartOptionsSchema.optional() });
export type RunStartArgs = z.infer<typeof runStartArgsSchema>;

const runOnly = z.strictObject({ runId: id });
const runAndAgent = z.strictObject({ runId: id, agentId: id.optional() });
const runAndCandidate = z.strictObject({ runId: id, candidateId: id.optional() });
const toolCall = z.strictObject({ runId: id, agentId: id, callId: id });

export const runCommands = {
  'run.start': { args: runStartArgsSchema, result: runViewSchema },
  'run.get': { args: runOnly, result: runViewSchema },
  'runs.list': { args: z.strictObject({}), result: z.object({ runs: z.array(runViewSchema) }) },
  /** Without `agentId`: the whole run; with it: that agent alone while the run goes on. */
  'run.pause': { args: runAndAgent, result: runViewSchema },
  'run.resume': { args: runAndAgent, result: runViewSchema },
  'run.cancel': { args: z.strictObject({ runId: id, reason: z.string().max(limits.reasonLength).optional() }), result: runViewSchema },
  'run.retry': { args: runOnly, result: runViewSchema },
  /** Stops waiting to try the model again (the run's agents, or one): the run fails with the last error and needs the person. */
  'run.stopRetrying': { args: runAndAgent, result: runViewSchema },
  'run.approve': { args: toolCall, result: runViewSchema },
  'run.deny': { args: toolCall.extend({ reason: z.string().max(limits.reasonLength).optional() }), result: runViewSchema },
  'run.followUp': { args: z.strictObject({ runId: id, text: z.string().trim().min(1).max(limits.instructionLength), candidateId: id.optional() }), result: runViewSchema },
  /**
   * At the gate: the person's review from the card page — comments on lines of the diff — goes to
   * the developer as findings (file, line, words), like the reviewer agent's, and counts as a round.
   */
  'run.review': {
    args: z.strictObject({
      runId: id,
      candidateId: id.optional(),
      summary: z.string().trim().max(limits.reviewTextLength).optional(),
      comments: z
        .array(
          z.strictObject({
            file: z.string().trim().min(1).max(limits.findingFileLength),
            line: z.number().int().positive().optional(),
            severity: findingSeveritySchema.optional(),
            message: z.string().trim().min(1).max(limits.reviewTextLength),
          }),
        )
        .min(1)
        .max(limits.findingsPerReview),
    }),
    result: runViewSchema,
  },
  'run.merge': { args: runAndCandidate, result: runViewSchema },
  'run.discard': { args: runAndCandidate, result: runViewSchema },
  /** At the gate: commit, push the branch and open its pull request (title and body as edited, draft on request). */
  'run.openPullRequest': {
    args: z.strictObject({
      runId: id,
      candidateId: id.optional(),
      title: z.string().trim().min(1).max(limits.titleLength).optional(),
      body: z.string().max(limits.instructionLength).optional(),
      draft: z.boolean().optional(),
    }),
    result: runViewSchema,
  },
  /** The title and body "Open pull request" would use, to show them for editing before `run.openPullRequest`. */
  'run.pullRequestDraft': { args: runOnly, result: z.object({ title: z.string(), body: z.string() }) },
  /** Sends the pull request's failed checks and review comments (by id; default: all not sent yet) to the developer. */
  'run.sendPullRequestFeedback': {
    args: z.strictObject({ runId: id, checks: z.array(z.number().int()).max(200).optional(), comments: z.array(z.number().int()).max(500).optional() }),
    result: runViewSchema,
  },
  /** Puts back the git configuration, hooks and attributes that `gate.gitConfig` reports as changed. */
  'run.undoGitConfig': { args: runOnly, result: runViewSchema },
  /** The run's activity log, oldest first (the newest `limits.activityRecords` of it): messages to the agents, tool calls and results, approvals and who gave them, reviews. */
  'run.activity': { args: runOnly, result: z.object({ records: z.array(activityRecordSchema), truncated: z.boolean() }) },
  'run.diff': { args: runAndCandidate.extend({ contextLines: z.number().int().min(0).max(100_000).optional() }), result: z.object({ files: z.array(diffFileViewSchema) }) },
  'repositories.register': { args: z.strictObject({ path: z.string().min(1).max(limits.pathLength) }), result: repositoryInfoSchema },
} as const;
