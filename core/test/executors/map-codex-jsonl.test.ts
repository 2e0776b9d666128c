import { describe, expect, it } from 'vitest';
import { CodexStreamMapper, codexError } from '../../src/executors/codex/map-codex-jsonl.js';
import { codexArguments, codexConfigToml } from '../../src/executors/codex/codex-config.js';

// Lines as codex-cli 0.169.0 printed them.
const thread = '01a20f32-c2f5-7a40-b3d9-a29106e4013f';
const lines = [
  { type: 'thread.started', thread_id: thread },
  { type: 'turn.started' },
  { type: 'item.started', item: { id: 'item_0', type: 'file_change', changes: [{ path: '/w/hello.txt', kind: 'add' }], status: 'in_progress' } },
  { type: 'item.completed', item: { id: 'item_0', type: 'file_change', changes: [{ path: '/w/hello.txt', kind: 'add' }], status: 'completed' } },
  { type: 'item.started', item: { id: 'item_1', type: 'command_execution', command: 'npm test', aggregated_output: '', exit_code: null, status: 'in_progress' } },
  { type: 'item.completed', item: { id: 'item_1', type: 'command_execution', command: 'npm test', aggregated_output: '1 failing\n', exit_code: 1, status: 'failed' } },
  { type: 'item.completed', item: { id: 'item_2', type: 'agent_message', text: 'Done.' } },
  { type: 'turn.completed', usage: { input_tokens: 20, cached_input_tokens: 5, cache_write_input_tokens: 0, output_tokens: 10, reasoning_output_tokens: 0 } },
];

describe('Codex JSONL → agent events', () => {
  it('maps a successful turn: file change, failing command, message, usage', () => {
    const converter = new CodexStreamMapper({ now: () => 0, model: 'gpt-5.5', pricing: { inputPerMillion: 1_000_000, outputPerMillion: 0 } });
    const events = lines.flatMap((line) => converter.push(line));
    expect(converter.sessionId).toBe(thread);
    expect(events.map((event) => event.type)).toEqual([
      'agent.tool.started', 'agent.tool.finished', 'agent.tool.started', 'agent.tool.finished',
      'agent.text.start', 'agent.text.delta', 'agent.text.end', 'agent.turn.ended', 'agent.finished',
    ]);
    expect(events[1]).toMatchObject({ name: 'file_change', isError: false, data: { fileChanges: [{ path: '/w/hello.txt', kind: 'add' }] } });
    expect(events[2]).toMatchObject({ name: 'command_execution', input: { command: 'npm test' } });
    expect(events[3]).toMatchObject({ isError: true, content: '1 failing\n', data: { exitCode: 1 } });
    expect(events[7]).toMatchObject({ type: 'agent.turn.ended', turn: 1, usage: { inputTokens: 15, outputTokens: 10, cacheReadTokens: 5 }, model: 'gpt-5.5', costUsd: 20 });
    expect(events[8]).toEqual({ type: 'agent.finished', status: 'done', result: 'Done.' });
    expect(converter.outcome).toMatchObject({ status: 'done', result: 'Done.' });
  });

  it('emits a tool start for an item that arrives completed only', () => {
    const converter = new CodexStreamMapper({ now: () => 0 });
    const events = converter.push(lines[3]);
    expect(events.map((event) => event.type)).toEqual(['agent.tool.started', 'agent.tool.finished']);
    expect(converter.runningToolCount).toBe(0);
  });

  it('maps turn.failed to a typed error, with the HTTP status when the message has one', () => {
    const converter = new CodexStreamMapper({ now: () => 0 });
    converter.push({ type: 'error', message: 'unexpected status 401 Unauthorized: scripted failure, url: http://127.0.0.1:1/v1/responses' });
    const events = converter.push({ type: 'turn.failed', error: { message: 'unexpected status 401 Unauthorized: scripted failure' } });
    expect(events).toEqual([
      { type: 'agent.error', error: expect.objectContaining({ name: 'ProviderError', code: 'provider_auth', retryable: false }) },
      { type: 'agent.finished', status: 'failed', reason: 'provider_error' },
    ]);
    expect(codexError('We’re currently experiencing high demand, which may cause temporary errors.').toData()).toMatchObject({ code: 'provider_server_error', retryable: true });
    expect(codexError('stream disconnected before completion').toData()).toMatchObject({ code: 'provider_network' });
    expect(codexError('something else').toData()).toMatchObject({ name: 'AgentCliError', code: 'agent_cli_failed' });
  });

  it('maps reconnect notices to agent.backoff and ignores unknown events', () => {
    const converter = new CodexStreamMapper({ now: () => 0 });
    expect(converter.push({ type: 'error', message: 'Reconnecting... 1/5' })).toMatchObject([{ type: 'agent.backoff', attempt: 1 }]);
    expect(converter.push({ type: 'item.updated', item: { id: 'x', type: 'todo_list' } })).toEqual([]);
    expect(converter.push({ type: 'something.new' })).toEqual([]);
  });
});

describe('Codex configuration and command line', () => {
  it('writes a custom provider, keeps analytics and plugins off, never full access', () => {
    const toml = codexConfigToml({ model: 'gpt-5.5', baseUrl: 'http://127.0.0.1:9/v1', hasApiKey: true, policy: { default: 'allow' }, maxRetries: 0 });
    expect(toml).toContain('model_provider = "kanbots"');
    expect(toml).toContain('base_url = "http://127.0.0.1:9/v1"');
    expect(toml).toContain('env_key = "KANBOTS_CODEX_API_KEY"');
    expect(toml).toContain('wire_api = "responses"');
    expect(toml).toContain('request_max_retries = 0');
    expect(toml).toMatch(/\[analytics\]\nenabled = false/);
    expect(toml).toMatch(/\[features\]\nplugins = false/);
    expect(toml).toContain('sandbox_mode = "workspace-write"');
    expect(toml).not.toContain('danger-full-access');
    expect(codexConfigToml({ hasApiKey: false, policy: { default: 'allow', rules: { edit_file: 'deny' } } })).toContain('sandbox_mode = "read-only"');
    // Exec runs cannot ask: an edit the policy asks about is refused by the sandbox, never made unasked.
    expect(codexConfigToml({ hasApiKey: false, policy: { default: 'allow', rules: { write_file: 'ask' } } })).toContain('sandbox_mode = "read-only"');
    expect(codexConfigToml({ hasApiKey: false, policy: { default: 'allow' } })).not.toContain('model_provider');
  });

  it('builds exec and exec resume command lines with the prompt after --', () => {
    expect(codexArguments({ prompt: '-start with a dash' })).toEqual(['exec', '--json', '--skip-git-repo-check', '--', '-start with a dash']);
    expect(codexArguments({ prompt: 'go on', resumeSessionId: thread, model: 'm' })).toEqual(['exec', 'resume', '--json', '--skip-git-repo-check', '-m', 'm', '--', thread, 'go on']);
  });
});
