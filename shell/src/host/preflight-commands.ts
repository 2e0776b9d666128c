import { describeAgentClis, type CliExecutorsOptions, type Kanbots } from '@kanbots/core/internals';
import { implementCommand, type AnyCommandHandler } from '@kanbots/core/protocol';
import { toRunOptions } from './run-commands.js';

/**
 * The checks before a run (docs/protocol.md, "Checks before a run"): `run.check` answers what
 * `run.start` with the same arguments would be refused for (core's check: repository, base branch,
 * personas, each agent's provider, key and model or agent CLI); `agents.status` describes the
 * agent CLIs for Settings' "Agents" section, with the environment the CLIs' runs get.
 */

export interface PreflightCommandsOptions {
  kanbots: Kanbots;
  /** The agent CLIs as the runs use them (commands, base environment). */
  executors?: CliExecutorsOptions;
  /** As run.start's: the demo's models are fixed, so a provider or model asked for is ignored. */
  lockedModels?: boolean;
}

export function createPreflightCommandHandlers({ kanbots, executors, lockedModels = false }: PreflightCommandsOptions): AnyCommandHandler[] {
  return [
    implementCommand('run.check', async ({ cardId, workflow, options }) => {
      const { network: _network, ...asked } = options ?? {};
      const { provider: _provider, model: _model, models: _models, ...unlocked } = asked;
      return { problems: await kanbots.check(cardId, workflow, toRunOptions(lockedModels ? unlocked : asked, kanbots.workflows.find(workflow))) };
    }),
    implementCommand('agents.status', async () => {
      const commands = {
        ...(executors?.claudeCode?.command === undefined ? {} : { 'claude-code': executors.claudeCode.command }),
        ...(executors?.codex?.command === undefined ? {} : { codex: executors.codex.command }),
      };
      return { clis: await describeAgentClis({ ...(executors?.env === undefined ? {} : { env: executors.env }), commands }) };
    }),
  ];
}
