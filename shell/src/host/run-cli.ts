import { realpath } from 'node:fs/promises';
import { resolve } from 'node:path';
import { SecretRedactor, addEnvironmentSecrets, createKanbots, gitHubApiBaseUrl, loadKnownSecrets, resolveDataDir, toErrorData, type CreateKanbotsOptions, type Kanbots, type RunEvent, type RunSummary } from '@kanbots/core/internals';
import type { RunCommand } from './cli-arguments.js';
import type { Logger } from './logger.js';
import { repositoryRoot } from './repository-root.js';
import { progressLine } from './run-cli-progress.js';
import { createSettingsModelResolver } from './settings-model-resolver.js';
import { openSettingsRuntime, type SettingsRuntimeOptions } from './settings-runtime.js';
import { loadWorkflowModules } from './workflow-modules.js';

/**
 * `kanbots run "<task>"`: headless, for a terminal or CI. Creates a card for the task on the
 * repository, runs the workflow through createKanbots with the user's settings and keys, prints a
 * line per step (or JSON lines) and stops at the gate — merging first with `--merge` when the
 * reviewer approved, or pushing the branch and opening its pull request with `--pr`. Nobody is there to approve a tool call, so a call the policy says to ask
 * about is refused with a reason the agent sees (`--allow-commands` allows them instead).
 * The card and the run stay in the data directory: `kanbots serve` shows them afterwards.
 */

/** How `kanbots run` ended, as its exit code. */
export const RUN_EXIT_CODES = {
  /** The reviewer approved (and, with --merge, the branch was merged). */
  approved: 0,
  failed: 1,
  usage: 2,
  /** Stopped at the gate without an approval: changes still requested at the round limit, a recurring finding. */
  notApproved: 3,
  cancelled: 4,
  /** --merge hit a merge conflict; the branch is kept. */
  conflict: 5,
  /** --pr could not push the branch or open its pull request (no remote, a rejected push, no token…); the branch and its commits are kept. */
  pullRequestFailed: 6,
} as const;

export type RunOutcome = keyof typeof RUN_EXIT_CODES;

export interface RunCliIo {
  stdout: (text: string) => void;
  logger: Logger;
  /** Resolves when the user asks to stop (Ctrl-C). */
  interrupted: Promise<void>;
}

/** What an embedder (or a test) sets instead of the user's environment: where settings and keys come from, and runtime options (GitHub's address, git's environment). */
export interface RunCliOverrides {
  settings?: Pick<SettingsRuntimeOptions, 'configDir' | 'secretStore' | 'env'>;
  kanbots?: Partial<Omit<CreateKanbotsOptions, 'dataDir' | 'github'>> & { github?: Partial<NonNullable<CreateKanbotsOptions['github']>> };
}

const TITLE_LENGTH = 200;
const REFUSAL = 'kanbots run is headless, so nobody can approve this; rerun with --allow-commands to allow it';

export async function runCli(command: RunCommand, io: RunCliIo, overrides: RunCliOverrides = {}): Promise<number> {
  // Every key the settings, the secret store and the environment know is redacted from the output
  // (an agent may echo one); REDACTED has no quote or backslash, so a JSON line stays JSON.
  const redactor = new SecretRedactor();
  const write = (text: string) => io.stdout(redactor.text(text));
  const emit = (line: string, json: Record<string, unknown>) => write(command.json ? `${JSON.stringify(json)}\n` : `${line}\n`);
  // The repository's top level, also when started in one of its subdirectories.
  const root = await repositoryRoot(command.repo);
  if ('problem' in root) {
    io.logger.error(`--repo ${command.repo}: ${root.problem}`);
    return RUN_EXIT_CODES.usage;
  }
  const repository = await realpath(root.path);
  let workflows;
  try {
    workflows = await loadWorkflowModules(command.workflowModules);
  } catch (error) {
    io.logger.error(toErrorData(error).message);
    return RUN_EXIT_CODES.usage;
  }
  const dataDir = resolve(command.dataDir ?? resolveDataDir());
  const settings = await openSettingsRuntime(dataDir, { ...overrides.settings, logger: io.logger, redactor });
  addEnvironmentSecrets(redactor, settings.env);
  await loadKnownSecrets(redactor, await settings.secretStore(), settings.env);
  const current = settings.settings.get();
  const { github: githubOverrides, ...kanbotsOverrides } = overrides.kanbots ?? {};
  const kanbots = await createKanbots({
    limits: current.limits,
    columns: current.columns,
    resolveModel: createSettingsModelResolver(settings),
    ...kanbotsOverrides,
    dataDir,
    redactor,
    workflows,
    // As the board does: the GitHub CLI's token, else Settings' github.token; the remote and the API address from the settings.
    github: {
      secrets: await settings.secretStore(),
      env: settings.env,
      remoteOf: () => settings.settings.get().github.remote,
      apiBaseUrl: (host) => settings.settings.get().github.apiBaseUrl ?? gitHubApiBaseUrl(host),
      ...githubOverrides,
    },
  });
  try {
    if (!kanbots.workflows.has(command.workflow)) {
      io.logger.error(`--workflow ${command.workflow}: no such workflow (known: ${kanbots.workflows.ids().join(', ')})`);
      return RUN_EXIT_CODES.usage;
    }
    try {
      await kanbots.repositories.register(repository);
    } catch (error) {
      io.logger.error(`--repo ${command.repo}: ${toErrorData(error).message}`);
      return RUN_EXIT_CODES.usage;
    }
    const firstLine = command.task.split('\n')[0]!.trim();
    const title = firstLine.length <= TITLE_LENGTH ? firstLine : `${firstLine.slice(0, TITLE_LENGTH - 1)}…`;
    const created = await kanbots.board.dispatch({ type: 'card.create', title, ...(title === command.task ? {} : { description: command.task }), target: { repository } });
    const cardId = created.createdId!;

    let runId: string | undefined;
    const early: RunEvent[] = [];
    const onEvent = (event: RunEvent) => {
      if (runId === undefined) return void early.push(event);
      if (event.runId !== runId) return;
      if (command.json) {
        if (event.type !== 'run.agent.event' || !event.event.type.startsWith('agent.text.')) emit('', event as unknown as Record<string, unknown>);
      } else {
        const line = progressLine(event);
        if (line !== undefined) write(`${line}\n`);
      }
      if (event.type === 'run.agent.event' && event.event.type === 'agent.tool.approval.requested') {
        const { callId } = event.event;
        queueMicrotask(() => kanbots.deny(event.runId, event.agent, callId, REFUSAL));
      }
    };
    const unsubscribe = kanbots.subscribe(onEvent);
    try {
      const policy = current.toolPolicy;
      const allow = (decision: 'allow' | 'ask' | 'deny') => (command.allowCommands && decision === 'ask' ? 'allow' : decision);
      const run = await kanbots.run(cardId, command.workflow, {
        repository,
        ...(command.maxRounds === undefined ? {} : { maxRounds: command.maxRounds }),
        models: { ...(command.developer === undefined ? {} : { developer: command.developer }), ...(command.reviewer === undefined ? {} : { reviewer: command.reviewer }) },
        // The settings' sandbox and network switches carry over; only the decisions change.
        policy: { ...policy, default: allow(policy.default), rules: Object.fromEntries(Object.entries(policy.rules).map(([tool, decision]) => [tool, allow(decision)])) },
      });
      runId = run.id;
      emit(`started ${command.workflow} on "${title}" in ${repository} (card ${cardId}, run ${run.id})`, { type: 'kanbots.run.started', cardId, runId: run.id, workflow: command.workflow, repository, dataDir });
      for (const event of early.splice(0)) onEvent(event);
      const outcome = await untilSettled(kanbots, run.id, command, io.interrupted);
      const summary = kanbots.runs.get(run.id);
      if (summary.pullRequest !== undefined && outcome === 'approved') emit(`opened pull request #${summary.pullRequest.number}: ${summary.pullRequest.url}`, { type: 'kanbots.pullRequest.opened', runId: run.id, number: summary.pullRequest.number, url: summary.pullRequest.url, branch: summary.pullRequest.headBranch, baseBranch: summary.pullRequest.baseBranch, draft: summary.pullRequest.draft });
      emit(`${describeOutcome(outcome, summary)} (exit code ${RUN_EXIT_CODES[outcome]})`, {
        type: 'kanbots.run.ended',
        outcome,
        exitCode: RUN_EXIT_CODES[outcome],
        runId: run.id,
        cardId,
        status: summary.status,
        statusText: summary.statusText,
        reviews: summary.reviews.length,
        branches: summary.worktrees.map((worktree) => worktree.branch),
        usage: summary.usage,
        ...(summary.pullRequest === undefined ? {} : { pullRequest: { number: summary.pullRequest.number, url: summary.pullRequest.url, state: summary.pullRequest.state } }),
      });
      return RUN_EXIT_CODES[outcome];
    } finally {
      unsubscribe();
    }
  } finally {
    await kanbots.close();
    settings.settings.close();
  }
}

/** Waits for the gate (then merges with --merge, or opens the pull request with --pr), a failure, or Ctrl-C (then cancels). */
async function untilSettled(kanbots: Kanbots, runId: string, command: RunCommand, interrupted: Promise<void>): Promise<RunOutcome> {
  const stopped = Symbol('interrupted');
  const atGateOrEnd = (run: RunSummary) => ['failed', 'merged', 'discarded', 'cancelled', 'interrupted'].includes(run.status) || (run.status === 'needs_you' && run.gate !== undefined);
  const settled = await Promise.race([kanbots.runs.waitFor(runId, atGateOrEnd), interrupted.then(() => stopped)]);
  if (settled === stopped) {
    kanbots.cancel(runId, 'Stopped from the terminal (Ctrl-C)');
    await kanbots.runs.waitFor(runId, (run) => run.status === 'cancelled' || run.status === 'failed' || run.status === 'merged');
    return 'cancelled';
  }
  const run = settled as RunSummary;
  if (run.status === 'cancelled' || run.status === 'discarded') return 'cancelled';
  if (run.status === 'merged') return 'approved';
  if (run.status !== 'needs_you' || run.gate === undefined) return 'failed';
  if (run.gate.conflict) return 'conflict';
  if (run.gate.escalated) return 'notApproved';
  if (command.pullRequest) return openPullRequest(kanbots, runId);
  if (!command.merge) return 'approved';
  kanbots.merge(runId);
  const merged = await kanbots.runs.waitFor(runId, (next) => next.status === 'merged' || next.status === 'failed' || next.gate?.conflict !== undefined);
  if (merged.status === 'merged') return 'approved';
  return merged.gate?.conflict ? 'conflict' : 'failed';
}

/**
 * --pr: commits what is left, pushes the branch and opens its pull request (title and body drafted
 * from the card, the developer's summary and the review's verdict). Done once it is open: the run
 * keeps following it, and `kanbots serve` shows its checks and comments afterwards.
 */
async function openPullRequest(kanbots: Kanbots, runId: string): Promise<RunOutcome> {
  kanbots.openPullRequest(runId);
  const opened = await kanbots.runs.waitFor(runId, (run) => run.status === 'failed' || run.status === 'cancelled' || (run.pullRequest !== undefined && run.activeStates.some((state) => state.endsWith('.pullRequestOpen'))));
  if (opened.status === 'cancelled') return 'cancelled';
  return opened.status === 'failed' ? 'pullRequestFailed' : 'approved';
}

function describeOutcome(outcome: RunOutcome, run: RunSummary): string {
  const branch = run.worktrees[0]?.branch;
  switch (outcome) {
    case 'approved':
      if (run.pullRequest !== undefined) return `approved; branch ${run.pullRequest.headBranch} is in pull request #${run.pullRequest.number} into ${run.pullRequest.baseBranch} (merge it on GitHub; the board follows its checks and comments)`;
      return run.status === 'merged' ? `merged: ${run.statusText}` : `approved${branch ? `; the change is on branch ${branch} (merge it with --merge, open a pull request with --pr, or use the board)` : ''}`;
    case 'pullRequestFailed':
      return `approved, but the pull request could not be opened: ${run.error?.message ?? run.statusText}${branch ? `. The work is kept on branch ${branch}; fix that and open it from the board` : ''}`;
    case 'notApproved':
      return `not approved: ${run.gate?.reason ?? run.statusText}`;
    case 'conflict':
      return `merge conflict in ${run.gate?.conflict?.files.join(', ') ?? 'the branch'}; the branch ${branch ?? ''} is kept`.replace(/ {2,}/g, ' ');
    case 'cancelled':
      return 'cancelled';
    case 'failed':
      return `failed: ${run.error?.message ?? run.statusText}`;
    case 'usage':
      return 'bad usage';
  }
}
