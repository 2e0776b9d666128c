import { describe, expect, it } from 'vitest';
import { ClaudeStreamMapper } from '../../src/executors/claude-code/map-claude-stream-json.js';
import { mapPolicyToClaudePermissions } from '../../src/executors/claude-code/claude-permissions.js';
import { claudeCodeArguments, claudeCodeEnvironment } from '../../src/executors/claude-code/claude-code-invocation.js';

// Lines as Claude Code 2.1.197 printed them (trimmed to the fields that matter).
const session = '5952b225-7d1e-41ef-8e58-77415d297c7e';
const init = { type: 'system', subtype: 'init', cwd: '/w', session_id: session, tools: ['Write'], model: 'claude-sonnet-4-5', permissionMode: 'acceptEdits' };
const apiRetry = { type: 'system', subtype: 'api_retry', attempt: 1, max_retries: 1, retry_delay_ms: 551.29, error_status: 500, error: 'server_error', session_id: session };
const assistantText = { type: 'assistant', message: { id: 'msg_1', model: 'claude-sonnet-4-5', content: [{ type: 'text', text: 'Writing.' }], usage: { input_tokens: 10, output_tokens: 1 } }, session_id: session };
const assistantTool = { type: 'assistant', message: { id: 'msg_1', model: 'claude-sonnet-4-5', content: [{ type: 'tool_use', id: 'toolu_1', name: 'Write', input: { file_path: '/w/hello.txt', content: 'hi\n' } }] }, session_id: session };
const toolResult = {
  type: 'user',
  message: { role: 'user', content: [{ tool_use_id: 'toolu_1', type: 'tool_result', content: 'File created successfully at: /w/hello.txt' }] },
  tool_use_result: { type: 'create', filePath: '/w/hello.txt', content: 'hi\n', structuredPatch: [], originalFile: null },
};
const synthetic = { type: 'assistant', message: { id: 'x', model: '<synthetic>', content: [{ type: 'text', text: 'API Error: 500 scripted failure.' }] } };
const success = {
  type: 'result', subtype: 'success', is_error: false, api_error_status: null, duration_ms: 136, num_turns: 2, result: 'All done.', stop_reason: 'end_turn',
  session_id: session, total_cost_usd: 0.00021, usage: { input_tokens: 20, cache_creation_input_tokens: 3, cache_read_input_tokens: 4, output_tokens: 10 }, permission_denials: [],
};

function mapper() {
  let now = 1000;
  const instance = new ClaudeStreamMapper({ now: () => (now += 5) });
  return instance;
}

describe('Claude Code stream-json → agent events', () => {
  it('maps a successful run: session, text blocks, a Write as a file edit, usage and cost', () => {
    const converter = mapper();
    const events = [init, assistantText, assistantTool, toolResult, success].flatMap((line) => converter.push(line));
    expect(converter.sessionId).toBe(session);
    expect(events.map((event) => event.type)).toEqual([
      'agent.text.start', 'agent.text.delta', 'agent.text.end', 'agent.tool.started', 'agent.tool.finished', 'agent.turn.ended', 'agent.finished',
    ]);
    expect(events[1]).toEqual({ type: 'agent.text.delta', turn: 1, index: 0, text: 'Writing.' });
    expect(events[3]).toEqual({ type: 'agent.tool.started', callId: 'toolu_1', name: 'Write', input: { file_path: '/w/hello.txt', content: 'hi\n' } });
    expect(events[4]).toMatchObject({ callId: 'toolu_1', name: 'Write', isError: false, data: { fileEdit: { path: '/w/hello.txt', kind: 'create' } } });
    expect(events[5]).toEqual({
      type: 'agent.turn.ended', turn: 2, usage: { inputTokens: 20, outputTokens: 10, cacheReadTokens: 4, cacheWriteTokens: 3 },
      costUsd: 0.00021, latencyMs: 136, model: 'claude-sonnet-4-5', stopReason: 'end_turn',
    });
    expect(events[6]).toEqual({ type: 'agent.finished', status: 'done', result: 'All done.' });
    expect(converter.outcome).toMatchObject({ status: 'done', result: 'All done.', costUsd: 0.00021 });
  });

  it('counts running tools so a pause can wait for the safe point', () => {
    const converter = mapper();
    converter.push(assistantTool);
    expect(converter.runningToolCount).toBe(1);
    converter.push(toolResult);
    expect(converter.runningToolCount).toBe(0);
  });

  it('maps api_retry to agent.backoff and an API failure to a typed provider error', () => {
    const converter = mapper();
    expect(converter.push(apiRetry)).toEqual([
      { type: 'agent.backoff', attempt: 1, delayMs: 551, error: expect.objectContaining({ name: 'ProviderError', code: 'provider_server_error', retryable: true }) },
    ]);
    expect(converter.push(synthetic)).toEqual([]);
    const events = converter.push({ ...success, is_error: true, api_error_status: 429, result: 'API Error: 429 rate limited', num_turns: 1, total_cost_usd: 0 });
    expect(events.map((event) => event.type)).toEqual(['agent.turn.ended', 'agent.error', 'agent.finished']);
    expect(events[1]).toMatchObject({ error: { name: 'ProviderError', code: 'provider_rate_limited', retryable: true, details: { status: 429 } } });
    expect(events[2]).toEqual({ type: 'agent.finished', status: 'failed', reason: 'provider_error' });
  });

  it('maps the turn limit and a connection failure without a status', () => {
    const maxTurns = mapper().push({ ...success, subtype: 'error_max_turns', is_error: true, result: undefined });
    expect(maxTurns[1]).toMatchObject({ type: 'agent.error', error: { name: 'AgentCliError', code: 'agent_cli_max_turns' } });
    const refused = mapper().push({ ...success, is_error: true, result: 'API Error: Unable to connect to API (ConnectionRefused)' });
    expect(refused[1]).toMatchObject({ error: { code: 'provider_network', retryable: true } });
  });

  it('ignores unknown line types and malformed lines', () => {
    const converter = mapper();
    expect(converter.push({ type: 'stream_event', event: {} })).toEqual([]);
    expect(converter.push({ type: 'assistant', message: 'not an object' })).toEqual([]);
    expect(converter.push({ type: 'result' })).toEqual([]);
  });

  it('caps long tool results and marks error results', () => {
    const converter = new ClaudeStreamMapper({ now: () => 0, contentLimit: 10 });
    converter.push({ type: 'assistant', message: { id: 'm', content: [{ type: 'tool_use', id: 't', name: 'Bash', input: { command: 'x' } }] } });
    const [finished] = converter.push({ type: 'user', message: { content: [{ type: 'tool_result', tool_use_id: 't', is_error: true, content: [{ type: 'text', text: 'a'.repeat(50) }] }] } });
    expect(finished).toMatchObject({ isError: true, name: 'Bash', content: `${'a'.repeat(10)}… [40 more characters]` });
  });
});

describe('tool policy → Claude Code permissions', () => {
  it('accepts edits when edits are allowed, and never bypasses permissions', () => {
    expect(mapPolicyToClaudePermissions({ default: 'allow' })).toEqual({ permissionMode: 'acceptEdits', allowedTools: ['Bash'], disallowedTools: [] });
    expect(mapPolicyToClaudePermissions({ default: 'ask' }).permissionMode).toBe('default');
    expect(mapPolicyToClaudePermissions({ default: 'deny', rules: { read_file: 'allow' } })).toEqual({
      permissionMode: 'dontAsk', allowedTools: [], disallowedTools: ['Write', 'Edit', 'MultiEdit', 'NotebookEdit', 'Bash'],
    });
    expect(mapPolicyToClaudePermissions({ default: 'allow', rules: { run_command: 'deny', WebFetch: 'deny' } })).toEqual({
      permissionMode: 'acceptEdits', allowedTools: [], disallowedTools: ['Bash', 'WebFetch'],
    });
  });

  it('builds the command line and an environment with explicit credentials only', () => {
    const args = claudeCodeArguments({ prompt: 'do it', model: 'm', maxTurns: 3, resumeSessionId: 's', policy: { default: 'allow' } });
    expect(args).toEqual(['--output-format', 'stream-json', '--verbose', '--permission-mode', 'acceptEdits', '--allowedTools', 'Bash', '--model', 'm', '--max-turns', '3', '--resume', 's', '-p', '--', 'do it']);
    expect(args).not.toContain('bypassPermissions');
    const inherited = { PATH: '/bin', ANTHROPIC_API_KEY: 'sk-ant-users-own-key-000', OPENAI_API_KEY: 'sk-other-000', ANTHROPIC_BASE_URL: 'http://elsewhere' };
    expect(claudeCodeEnvironment(inherited, {})).toEqual({ PATH: '/bin', CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1' });
    expect(claudeCodeEnvironment(inherited, { apiKey: 'k', baseUrl: 'http://127.0.0.1:1' })).toMatchObject({ ANTHROPIC_API_KEY: 'k', ANTHROPIC_BASE_URL: 'http://127.0.0.1:1' });
  });
});
