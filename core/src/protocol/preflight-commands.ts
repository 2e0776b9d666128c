import { z } from 'zod';
import { agentCliStatusSchema } from '../executors/agent-cli-status.js';
import { preflightResultSchema } from '../runs/preflight-problem.js';
import { runStartArgsSchema } from './run-commands.js';

/**
 * The checks before a run (docs/protocol.md, "Checks before a run"): `run.check` takes exactly
 * what `run.start` takes and answers the problems that would refuse it (none: it would start);
 * `run.start` refuses with the same problems in its error's `details.problems` (`details.preflight`
 * true) before anything of the run exists. `agents.status` describes the agent CLIs for Settings.
 */
export const preflightCommands = {
  'run.check': { args: runStartArgsSchema, result: preflightResultSchema },
  'agents.status': { args: z.strictObject({}), result: z.object({ clis: z.array(agentCliStatusSchema) }) },
} as const;
