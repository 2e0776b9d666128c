import { createAgentActor } from '../../src/agents/create-agent-actor.js';
import { developerTools } from '../../src/agents/tools/tool-sets.js';
import { createAnthropicModel } from '../../src/providers/anthropic/anthropic-model.js';
import { builtInAgentFactory } from '../../src/runs/agent-host.js';
import { runExecutorContract } from './executor-contract.js';

// Kanbots' own tool-use loop, through the real Anthropic adapter, as the run layer makes it.
const apiKey = 'sk-ant-built-in-contract-0123456789';

runExecutorContract('built-in agent', {
  kind: 'built-in',
  model: 'contract-model',
  apiKey,
  asksForApproval: true,
  factory: ({ agentId, worktree, policy, server }) =>
    builtInAgentFactory((snapshot, hooks) =>
      createAgentActor(
        {
          id: agentId,
          model: createAnthropicModel({ apiKey, baseURL: server.anthropicBaseUrl }),
          modelName: 'contract-model',
          system: 'You are a careful developer.',
          tools: developerTools(),
          policy,
          worktree,
          beforeToolRun: hooks.beforeToolRun,
        },
        snapshot === undefined ? {} : { snapshot: snapshot as never },
      ),
    ),
  writeFileCall: (_worktree, relativePath, content) => ({ name: 'write_file', input: { path: relativePath, content } }),
  processes: () => ({ started: 0, alive: 0 }),
  resetProcesses: () => undefined,
  resumable: () => true,
});
