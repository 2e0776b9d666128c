import { describe, expect, it } from 'vitest';
import { progressLine } from '../../src/host/run-cli-progress.js';

/** `kanbots run` prints what happens in words: no tool names, error classes or codes. */
describe('kanbots run progress in words', () => {
  const agentEvent = (event: Record<string, unknown>) => progressLine({ type: 'run.agent.event', runId: 'run_1', agent: 'developer', event: { agentId: 'agent_1', at: 1, ...event } as never });

  it('a tool call that went wrong says what it was trying to do, not the tool name', () => {
    expect(agentEvent({ type: 'agent.tool.finished', callId: 'c1', name: 'edit_file', isError: true, content: 'The text to replace was not found.', durationMs: 3 })).toBe('developer could not edit the file — The text to replace was not found.');
    expect(agentEvent({ type: 'agent.tool.finished', callId: 'c2', name: 'run_command', isError: true, content: 'exit 1', durationMs: 3 })).toBe('developer could not run the command — exit 1');
  });

  it('a refused key says whose and how to change it', () => {
    const line = agentEvent({ type: 'agent.error', error: { name: 'ProviderError', code: 'provider_auth', message: 'invalid x-api-key', retryable: false, details: { kind: 'auth', provider: 'anthropic', status: 401 } } });
    expect(line).toBe('developer: the anthropic key was refused (invalid x-api-key) — change it in Settings (`kanbots`, then the gear) or set ANTHROPIC_API_KEY');
  });

  it('a failure Kanbots stopped retrying says after how many attempts, and why', () => {
    const line = agentEvent({ type: 'agent.error', error: { name: 'ProviderError', code: 'provider_network', message: 'Connection error.', retryable: true, details: { kind: 'network', provider: 'openai', retries: { attempts: 7, elapsedMs: 92_000, stoppedBy: 'time' } } } });
    expect(line).toBe('developer: Connection error. — stopped after 7 attempts (the problem lasted longer than Kanbots waits)');
  });
});
