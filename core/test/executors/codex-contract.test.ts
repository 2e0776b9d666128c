import path from 'node:path';
import { CodexExecutor } from '../../src/executors/codex/codex-executor.js';
import { createCliAgentActor } from '../../src/executors/create-cli-agent-actor.js';
import { groupAlive } from '../../src/executors/process-runner.js';
import { cliAgentFactory } from '../../src/runs/cli-hosted-agent.js';
import { ensureAgentCli } from '../support/agent-clis.js';
import { runExecutorContract } from './executor-contract.js';

// The real Codex CLI (pinned, installed on demand into .cache) against the scripted Responses API.
const apiKey = 'sk-kanbots-codex-contract-0123456789abcdef';
const model = 'gpt-5.5';
let command = '';
let pids: number[] = [];

function shellQuote(text: string): string {
  return `'${text.replaceAll("'", "'\\''")}'`;
}

runExecutorContract('Codex CLI', {
  kind: 'codex',
  model,
  apiKey,
  asksForApproval: false,
  prepare: async () => {
    command = await ensureAgentCli('codex');
  },
  factory: ({ agentId, worktree, env, policy, server }) =>
    cliAgentFactory('codex', (snapshot) =>
      createCliAgentActor(
        {
          id: agentId,
          executor: new CodexExecutor({
            homeRoot: path.join(env['HOME'] ?? worktree, 'codex-homes'),
            command,
            apiKey,
            baseUrl: server.openaiBaseUrl,
            maxRetries: 0,
            killGraceMs: 500,
            onProcessStarted: (pid) => pids.push(pid),
          }),
          worktree,
          model,
          policy,
          env,
        },
        snapshot === undefined ? {} : { snapshot },
      ),
    ),
  writeFileCall: (_worktree, relativePath, content) => ({ name: 'exec_command', input: { cmd: `printf '%s' ${shellQuote(content)} > ${shellQuote(relativePath)}` } }),
  processes: () => ({ started: pids.length, alive: pids.filter((pid) => groupAlive(pid)).length }),
  resetProcesses: () => {
    pids = [];
  },
  resumable: (agent) => JSON.stringify(agent.persistedSnapshot((value) => value)).includes('"sessionId":"'),
});
