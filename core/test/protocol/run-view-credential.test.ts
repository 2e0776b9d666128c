import { describe, expect, it } from 'vitest';
import { toRunView } from '../../src/protocol/run-view-of-summary.js';
import type { RunSummary } from '../../src/runs/run-events.js';

function summary(agents: { key: string; provider: string; model: string }[]): RunSummary {
  return {
    id: 'run_1',
    cardId: 'card_1',
    workflow: 'dev-review',
    status: 'running',
    statusText: 'developer: requesting',
    activeStates: ['devReview.developing'],
    round: 0,
    maxRounds: 3,
    cycleStart: 0,
    reviews: [],
    agents: agents.map((agent) => ({ ...agent, agentId: `agent_${agent.key}`, persona: agent.key, role: agent.key === 'reviewer' ? 'reviewer' : 'developer', phase: 'requesting', turn: 1, usage: { inputTokens: 1, outputTokens: 1, costUsd: 0 } })),
    worktrees: [{ key: 'main', worktreeId: 'wt_1', branch: 'kanbots/x-1', path: '/data/worktrees/x', state: 'active' }],
    usage: { inputTokens: 2, outputTokens: 2, costUsd: 0 },
    createdAt: 1,
    updatedAt: 2,
  };
}

describe('run view: which credential each agent uses', () => {
  it("names the provider's API key for built-in agents and the CLI's own login for agent CLIs, never a key, never a path", () => {
    const view = toRunView(summary([{ key: 'developer', provider: 'claude-code', model: 'claude-code' }, { key: 'reviewer', provider: 'openai', model: 'openai:gpt-5' }]), new Map());
    expect(view.agents.map((agent) => [agent.id, agent.credential])).toEqual([
      ['developer', "the CLI's own login"],
      ['reviewer', 'the openai API key'],
    ]);
    expect(JSON.stringify(view)).not.toContain('/data/worktrees');
  });
});
