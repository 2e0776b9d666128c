import { ClaudeCodeExecutor } from '../../src/executors/claude-code/claude-code-executor.js';
import { createCliAgentActor } from '../../src/executors/create-cli-agent-actor.js';
import { groupAlive } from '../../src/executors/process-runner.js';
import { cliAgentFactory } from '../../src/runs/cli-hosted-agent.js';
import { ensureAgentCli } from '../support/agent-clis.js';
import { runExecutorContract } from './executor-contract.js';

// The real Claude Code CLI (pinned, installed on demand into .cache) against the scripted server.
const apiKey = 'sk-ant-claude-contract-0123456789';
const model = 'claude-sonnet-4-5';
let command = '';
let pids: number[] = [];

runExecutorContract('Claude Code CLI', {
  kind: 'claude-code',
  model,
  apiKey,
  asksForApproval: false,
  prepare: async () => {
    command = await ensureAgentCli('claude-code');
  },
  factory: ({ agentId, worktree, env, policy, server }) =>
    cliAgentFactory('claude-code', (snapshot) =>
      createCliAgentActor(
        {
          id: agentId,
          executor: new ClaudeCodeExecutor({
            command,
            apiKey,
            baseUrl: server.anthropicBaseUrl,
            extraEnv: { CLAUDE_CODE_MAX_RETRIES: '0' },
            killGraceMs: 500,
            onProcessStarted: (pid) => pids.push(pid),
          }),
          worktree,
          model,
          policy,
          maxTurns: 5,
          env,
        },
        snapshot === undefined ? {} : { snapshot },
      ),
    ),
  writeFileCall: (worktree, relativePath, content) => ({ name: 'Write', input: { file_path: `${worktree}/${relativePath}`, content } }),
  processes: () => ({ started: pids.length, alive: pids.filter((pid) => groupAlive(pid)).length }),
  resetProcesses: () => {
    pids = [];
  },
  resumable: (agent) => JSON.stringify(agent.persistedSnapshot((value) => value)).includes('"sessionId":"'),
});
