import { describe, expect, it } from 'vitest';
import { emptyAgentLiveState, foldAgentEvent, type AgentLiveState } from '../../src/protocol/agent-live-state.js';
import type { AgentEvent } from '../../src/agents/agent-events.js';

const at = 1_796_000_000_000;
const fold = (events: AgentEvent[]): AgentLiveState => events.reduce(foldAgentEvent, emptyAgentLiveState());

describe('the live tool calls of an agent', () => {
  it('keeps two calls apart when a later turn reuses an id: each shows its own result and diff', () => {
    const state = fold([
      { type: 'agent.tool.started', at, turn: 1, callId: 'toolu_1', name: 'list_files', input: {} },
      { type: 'agent.tool.finished', at, turn: 1, callId: 'toolu_1', name: 'list_files', isError: false, content: 'README.md', durationMs: 3 },
      { type: 'agent.tool.started', at, turn: 2, callId: 'toolu_1', name: 'write_file', input: { path: 'a.txt', content: 'a\n' } },
      { type: 'agent.tool.finished', at, turn: 2, callId: 'toolu_1', name: 'write_file', isError: false, content: 'wrote a.txt', data: { diff: '@@ -0,0 +1 @@\n+a' }, durationMs: 4 },
    ] as unknown as AgentEvent[]);
    expect(state.toolCalls.map((call) => [call.name, call.content, call.diff])).toEqual([
      ['list_files', 'README.md', undefined],
      ['write_file', 'wrote a.txt', '@@ -0,0 +1 @@\n+a'],
    ]);
  });

  it('treats the same call started again (a restored agent) as the one already listed', () => {
    const state = fold([
      { type: 'agent.tool.started', at, turn: 1, callId: 'toolu_9', name: 'run_command', input: { command: 'npm test' } },
      { type: 'agent.tool.started', at, turn: 1, callId: 'toolu_9', name: 'run_command', input: { command: 'npm test' } },
      { type: 'agent.tool.finished', at, turn: 1, callId: 'toolu_9', name: 'run_command', isError: false, content: 'ok', durationMs: 10 },
    ] as unknown as AgentEvent[]);
    expect(state.toolCalls.map((call) => [call.name, call.status])).toEqual([['run_command', 'done']]);
  });
});
