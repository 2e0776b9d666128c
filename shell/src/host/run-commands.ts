import { defaultToolPolicy, type Kanbots, type RunViewTracker, type ToolPolicy } from '@kanbots/core';
import { answerToolOf, cliAgentRoles, type WorkflowDefinition } from '@kanbots/core/internals';
import { formatModelChoice, implementCommand, parseModelChoice, type AnyCommandHandler, type RunStartOptions, type RunView } from '@kanbots/core/protocol';
import { runDiff } from './run-diff.js';
import { limits } from '@kanbots/core/model';

/**
 * The run commands of the protocol (docs/protocol.md, "Runs"): start a workflow on a card, steer
 * it (pause, resume, cancel, retry, approve, deny, follow up) and settle it at the human gate
 * (diff, merge, discard, open a pull request and send its feedback to the developer). Their schemas are the protocol's (core/src/protocol/run-commands.ts);
 * every reply is the run's fresh view.
 */

export interface RunCommandsOptions {
  kanbots: Kanbots;
  views: RunViewTracker;
  /** The user's default tool policy (settings), applied to runs started without one. */
  defaultPolicy?: () => ToolPolicy;
  /** The demo: a run's provider, model and per-role models are ignored (its personas name the scripted ones). */
  lockedModels?: boolean;
}

export function createRunCommandHandlers({ kanbots, views, defaultPolicy, lockedModels = false }: RunCommandsOptions): AnyCommandHandler[] {
  const after = async (runId: string, action: () => void | Promise<void>): Promise<RunView> => {
    await action();
    return views.viewOf(runId);
  };
  return [
    implementCommand('run.start', async ({ cardId, workflow, options }) => {
      const { network, ...asked } = options ?? {};
      const { provider: _provider, model: _model, models: _models, ...unlocked } = asked;
      const runOptions = lockedModels ? unlocked : asked;
      const policy = network === undefined ? defaultPolicy?.() : { ...(defaultPolicy?.() ?? defaultToolPolicy), network };
      return views.view(await kanbots.run(cardId, workflow, { ...(policy ? { policy } : {}), ...toRunOptions(runOptions, kanbots.workflows.find(workflow)) }));
    }),
    implementCommand('run.get', ({ runId }) => views.viewOf(runId)),
    implementCommand('runs.list', () => ({ runs: views.views() })),
    implementCommand('run.pause', ({ runId, agentId }) => after(runId, () => kanbots.pause(runId, agentId))),
    implementCommand('run.resume', ({ runId, agentId }) => after(runId, () => kanbots.resume(runId, agentId))),
    implementCommand('run.cancel', ({ runId, reason }) => after(runId, () => kanbots.cancel(runId, reason))),
    implementCommand('run.retry', ({ runId }) => after(runId, () => kanbots.retry(runId))),
    implementCommand('run.stopRetrying', ({ runId, agentId }) => after(runId, () => kanbots.stopRetrying(runId, agentId))),
    implementCommand('run.approve', ({ runId, agentId, callId }) => after(runId, () => kanbots.approve(runId, agentId, callId))),
    implementCommand('run.deny', ({ runId, agentId, callId, reason }) => after(runId, () => kanbots.deny(runId, agentId, callId, reason))),
    implementCommand('run.followUp', ({ runId, text, candidateId }) => after(runId, () => kanbots.followUp(runId, text, candidateId))),
    implementCommand('run.review', ({ runId, candidateId, summary, comments }) =>
      after(runId, () =>
        kanbots.review(
          runId,
          {
            ...(summary === undefined || summary === '' ? {} : { summary }),
            findings: comments.map(({ file, line, severity, message }) => ({ file, message, severity: severity ?? 'major', ...(line === undefined ? {} : { line }) })),
          },
          candidateId,
        ),
      ),
    ),
    implementCommand('run.merge', ({ runId, candidateId }) => after(runId, () => kanbots.merge(runId, candidateId))),
    implementCommand('run.discard', ({ runId, candidateId }) => after(runId, () => kanbots.discard(runId, candidateId))),
    implementCommand('run.openPullRequest', ({ runId, candidateId, title, body, draft }) =>
      after(runId, () =>
        kanbots.openPullRequest(runId, {
          ...(candidateId === undefined ? {} : { candidate: candidateId }),
          ...(title === undefined ? {} : { title }),
          ...(body === undefined ? {} : { body }),
          ...(draft === undefined ? {} : { draft }),
        }),
      ),
    ),
    implementCommand('run.pullRequestDraft', ({ runId }) => kanbots.pullRequestDraft(runId)),
    implementCommand('run.sendPullRequestFeedback', ({ runId, checks, comments }) =>
      after(runId, () => kanbots.sendPullRequestFeedback(runId, checks === undefined && comments === undefined ? undefined : { ...(checks === undefined ? {} : { checks }), ...(comments === undefined ? {} : { comments }) })),
    ),
    implementCommand('run.undoGitConfig', ({ runId }) => after(runId, async () => void (await kanbots.runs.undoGitConfigChanges(runId)))),
    implementCommand('run.activity', ({ runId }) => {
      views.viewOf(runId);
      const records = kanbots.runs.activity(runId);
      return { records: records.slice(-limits.activityRecords), truncated: records.length > limits.activityRecords };
    }),
    implementCommand('run.diff', async ({ runId, candidateId, contextLines }) => ({ files: await runDiff(kanbots, runId, candidateId, contextLines === undefined ? {} : { contextLines }) })),
    implementCommand('repositories.register', ({ path }) => kanbots.repositories.register(path)),
  ];
}


/**
 * The run's options for core. `provider` (what the run form picks) qualifies a bare model name as
 * that provider's model (no model: the provider's default). An agent CLI (`claude-code`, `codex`)
 * is given to the roles a CLI may take (not reviewers and judges, nor a role the workflow has
 * answer with a workflow tool): those keep their built-in model. Personas
 * that name their own model keep it; explicit per-role `models` win. Choices are read and written
 * by core's model-choice codec.
 */
export function toRunOptions({ provider, ...options }: RunStartOptions, workflow?: WorkflowDefinition): Omit<RunStartOptions, 'provider'> {
  if (provider === 'claude-code' || provider === 'codex') {
    const choice = formatModelChoice({ kind: 'cli', agent: provider, ...(options.model === undefined ? {} : { model: options.model }) });
    const models = { ...options.models };
    for (const role of cliAgentRoles) if (workflow === undefined || answerToolOf(workflow, role) === undefined) models[role] ??= choice;
    const { model: _model, ...rest } = options;
    return stripUndefined({ ...rest, models });
  }
  if (provider !== undefined) {
    // A model written with its own provider (`openai:gpt-5`) keeps it; a bare name becomes the picked provider's.
    const choice = parseModelChoice(options.model, provider);
    if (choice !== undefined) options.model = formatModelChoice(choice);
  }
  return stripUndefined(options);
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as T;
}
