import { describe, expect, it } from 'vitest';
import { initialAgentContext } from '../../src/agents/agent-context.js';
import { interruptedToolContent, restoreAgentSnapshot, withheldToolContent } from '../../src/runs/restore-agent-snapshot.js';

function snapshotIn(value: unknown, calls: { callId: string; name: string; input?: unknown; settled?: boolean; approved?: boolean }[]) {
  const context = initialAgentContext({ agentId: 'a1', provider: 'anthropic', modelName: 'm' });
  context.phase = typeof value === 'string' ? (value as never) : 'runningTools';
  context.pendingToolCalls = calls.map((call) => ({
    callId: call.callId,
    name: call.name,
    input: call.input ?? {},
    approved: call.approved ?? false,
    ...(call.settled ? { settled: { content: 'ok', isError: false, hasResult: false, durationMs: 1, mistake: false } } : {}),
  }));
  return { status: 'active', value, context, children: { running: { src: 'runTool' } } };
}

describe('restoring an agent after a crash', () => {
  it('never re-runs a started tool call: reported as interrupted, effects unknown; the agent comes back paused', () => {
    const restored = restoreAgentSnapshot(snapshotIn({ runningTools: 'running' }, [{ callId: 'c1', name: 'run_command' }, { callId: 'c2', name: 'read_file' }]), [{ callId: 'c1', event: 'started' }]);
    expect(restored.interrupted).toBe(true);
    expect(restored.snapshot.value).toBe('paused');
    expect(restored.snapshot.children).toEqual({});
    expect(restored.snapshot.context.resumeTo).toBe('runningTools');
    const [first, second] = restored.snapshot.context.pendingToolCalls;
    expect(first!.settled).toMatchObject({ content: interruptedToolContent, isError: true });
    expect(second!.settled).toBeUndefined(); // never started: it runs on RESUME
  });

  it('settles a call whose result was journaled, keeping the result of a task-ending tool', () => {
    const restored = restoreAgentSnapshot(snapshotIn({ runningTools: 'running' }, [{ callId: 'c1', name: 'finish', input: { summary: 'all good' } }]), [
      { callId: 'c1', event: 'started' },
      { callId: 'c1', event: 'finished', content: 'Task finished.', isError: false },
    ]);
    expect(restored.snapshot.context.pendingToolCalls[0]!.settled).toMatchObject({ content: 'Task finished.', hasResult: true, result: { summary: 'all good' } });
    expect(restored.settledFromJournal).toEqual([{ callId: 'c1', how: 'finished' }]);
  });

  it('resumes a request in flight by sending it again, and leaves waiting or finished agents as they were', () => {
    expect(restoreAgentSnapshot(snapshotIn({ requesting: 'streaming' }, []), []).snapshot.context.resumeTo).toBe('requesting');
    const waiting = restoreAgentSnapshot(snapshotIn('awaitingApproval', [{ callId: 'c1', name: 'run_command' }]), []);
    expect(waiting.interrupted).toBe(false);
    expect(waiting.snapshot.value).toBe('awaitingApproval');
    const overtaken = restoreAgentSnapshot(snapshotIn('awaitingApproval', [{ callId: 'c1', name: 'run_command', approved: true }]), [{ callId: 'c1', event: 'started' }]);
    expect(overtaken.snapshot.value).toBe('paused');
    expect(restoreAgentSnapshot(snapshotIn('done', []), []).interrupted).toBe(false);
  });

  it('answers a call whose input held a secret as withheld, never running the redacted input; the agent comes back paused', () => {
    const persisted = snapshotIn('awaitingApproval', [{ callId: 'c1', name: 'run_command', input: { command: 'curl -H "x-api-key: [REDACTED]" https://example.test' } }]);
    (persisted.context.pendingToolCalls[0] as { inputWithheld?: true }).inputWithheld = true;
    const restored = restoreAgentSnapshot(persisted, []);
    expect(restored.interrupted).toBe(true);
    expect(restored.snapshot.value).toBe('paused');
    expect(restored.snapshot.context.resumeTo).toBe('runningTools');
    expect(restored.settledFromJournal).toEqual([{ callId: 'c1', how: 'withheld' }]);
    const [call] = restored.snapshot.context.pendingToolCalls;
    expect(call!.settled).toMatchObject({ content: withheldToolContent, isError: true });
    expect(call!.inputWithheld).toBeUndefined();
  });
});
