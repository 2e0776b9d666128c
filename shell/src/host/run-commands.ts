import { defineCommand, type CommandHandler, type Kanbots, type ToolPolicy } from '@kanbots/core';
import type { DiffFileView, RunView } from '@kanbots/core/protocol';
import { z } from 'zod';
import { runDiff } from './run-diff.js';
import type { RunViewTracker } from './run-view-tracker.js';

/**
 * The run commands of the protocol (docs/protocol.md, "Runs"): start a workflow on a card, steer
 * it (pause, resume, cancel, retry, approve, deny, follow up) and settle it at the human gate
 * (diff, merge, discard). Every reply is the run's fresh view.
 */

const id = z.string().min(1).max(200);
const role = z.enum(['developer', 'reviewer', 'tester', 'planner', 'judge']);
const modelChoice = z.string().trim().min(1).max(200);

/** The providers the run form offers: the API providers and the agent CLIs. */
const apiProviders = ['anthropic', 'openai', 'compatible'] as const;
const runProvider = z.enum([...apiProviders, 'claude-code', 'codex']);
/** The roles an agent CLI may take (core's `cliAgentRoles`): reviewers and judges answer through workflow tools. */
const cliRoles = ['developer', 'tester', 'planner'] as const;

const startOptions = z
  .strictObject({
    provider: runProvider.optional(),
    model: modelChoice.optional(),
    models: z.record(z.string().min(1).max(64), modelChoice).optional(),
    personas: z.partialRecord(role, z.string().min(1).max(64)).optional(),
    maxRounds: z.number().int().min(1).max(20).optional(),
    candidates: z.number().int().min(2).max(8).optional(),
    steps: z.array(z.strictObject({ role, persona: z.string().min(1).max(64).optional() })).min(1).max(10).optional(),
    repository: z.string().min(1).max(4096).optional(),
    baseBranch: z.string().min(1).max(255).optional(),
  })
  .optional();

export interface RunCommandsOptions {
  kanbots: Kanbots;
  views: RunViewTracker;
  /** The user's default tool policy (settings), applied to runs started without one. */
  defaultPolicy?: () => ToolPolicy;
}

export function createRunCommandHandlers({ kanbots, views, defaultPolicy }: RunCommandsOptions): CommandHandler<never, unknown>[] {
  const after = async (runId: string, action: () => void | Promise<void>): Promise<RunView> => {
    await action();
    return views.viewOf(runId);
  };
  const handlers = [
    defineCommand({
      name: 'run.start',
      args: z.strictObject({ cardId: id, workflow: z.enum(['solo', 'dev-review', 'best-of-n', 'pipeline']), options: startOptions }),
      handle: async ({ cardId, workflow, options }): Promise<RunView> => views.view(await kanbots.run(cardId, workflow, { ...(defaultPolicy ? { policy: defaultPolicy() } : {}), ...toRunOptions(options ?? {}) })),
    }),
    defineCommand({ name: 'run.get', args: z.strictObject({ runId: id }), handle: ({ runId }) => views.viewOf(runId) }),
    defineCommand({ name: 'runs.list', args: z.strictObject({}), handle: () => ({ runs: views.views() }) }),
    defineCommand({
      name: 'run.pause',
      args: z.strictObject({ runId: id, agentId: id.optional() }),
      handle: ({ runId, agentId }) => after(runId, () => kanbots.pause(runId, agentId)),
    }),
    defineCommand({
      name: 'run.resume',
      args: z.strictObject({ runId: id, agentId: id.optional() }),
      handle: ({ runId, agentId }) => after(runId, () => kanbots.resume(runId, agentId)),
    }),
    defineCommand({
      name: 'run.cancel',
      args: z.strictObject({ runId: id, reason: z.string().max(2000).optional() }),
      handle: ({ runId, reason }) => after(runId, () => kanbots.cancel(runId, reason)),
    }),
    defineCommand({ name: 'run.retry', args: z.strictObject({ runId: id }), handle: ({ runId }) => after(runId, () => kanbots.retry(runId)) }),
    defineCommand({
      name: 'run.approve',
      args: z.strictObject({ runId: id, agentId: id, callId: id }),
      handle: ({ runId, agentId, callId }) => after(runId, () => kanbots.approve(runId, agentId, callId)),
    }),
    defineCommand({
      name: 'run.deny',
      args: z.strictObject({ runId: id, agentId: id, callId: id, reason: z.string().max(2000).optional() }),
      handle: ({ runId, agentId, callId, reason }) => after(runId, () => kanbots.deny(runId, agentId, callId, reason)),
    }),
    defineCommand({
      name: 'run.followUp',
      args: z.strictObject({ runId: id, text: z.string().trim().min(1).max(20_000), candidateId: id.optional() }),
      handle: ({ runId, text, candidateId }) => after(runId, () => kanbots.followUp(runId, text, candidateId)),
    }),
    defineCommand({
      name: 'run.merge',
      args: z.strictObject({ runId: id, candidateId: id.optional() }),
      handle: ({ runId, candidateId }) => after(runId, () => kanbots.merge(runId, candidateId)),
    }),
    defineCommand({
      name: 'run.discard',
      args: z.strictObject({ runId: id, candidateId: id.optional() }),
      handle: ({ runId, candidateId }) => after(runId, () => kanbots.discard(runId, candidateId)),
    }),
    defineCommand({
      name: 'run.diff',
      args: z.strictObject({ runId: id, candidateId: id.optional() }),
      handle: async ({ runId, candidateId }): Promise<{ files: DiffFileView[] }> => ({ files: await runDiff(kanbots, runId, candidateId) }),
    }),
    defineCommand({
      name: 'repositories.register',
      args: z.strictObject({ path: z.string().min(1).max(4096) }),
      handle: async ({ path }) => kanbots.repositories.register(path),
    }),
  ];
  return handlers as CommandHandler<never, unknown>[];
}

type StartOptions = NonNullable<z.infer<typeof startOptions>>;

/**
 * The run's options for core. `provider` (what the run form picks) qualifies a bare model name as
 * `provider:model` (no model: the provider's default). An agent CLI (`claude-code`, `codex`) is
 * given to the roles a CLI may take, as `cli[:model]` choices; reviewers and judges keep their
 * built-in model. Personas that name their own model keep it; explicit per-role `models` win.
 */
export function toRunOptions({ provider, ...options }: StartOptions): Omit<StartOptions, 'provider'> {
  if (provider === 'claude-code' || provider === 'codex') {
    const choice = options.model === undefined ? provider : `${provider}:${options.model}`;
    const models = { ...options.models };
    for (const role of cliRoles) models[role] ??= choice;
    const { model: _model, ...rest } = options;
    return stripUndefined({ ...rest, models });
  }
  if (provider !== undefined && !hasProviderPrefix(options.model)) options.model = `${provider}:${options.model ?? ''}`;
  return stripUndefined(options);
}

function hasProviderPrefix(model: string | undefined): boolean {
  const prefix = model?.split(':', 1)[0];
  return model?.includes(':') === true && (apiProviders as readonly string[]).includes(prefix ?? '');
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as T;
}
