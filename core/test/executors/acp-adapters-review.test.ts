import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AgentEvent } from '../../src/agents/agent-events.js';
import { AcpExecutor } from '../../src/executors/acp/acp-executor.js';
import { acpAgentEnvironment } from '../../src/executors/acp/acp-agent-environment.js';
import { startWorkflowToolsMcpServer, type WorkflowToolsMcpServer } from '../../src/executors/acp/workflow-tools-mcp-server.js';
import { ApprovalInbox } from '../../src/executors/approval-inbox.js';
import { startScriptedModelServer, type ScriptedModelServer } from '../../src/testing/index.js';
import { submitReviewTool } from '../../src/workflows/submit-review-tool.js';
import { ensureAcpAdapter } from '../support/acp-adapters.js';
import { createAgentWorkspace, startOutsideTrafficTrap, type OutsideTrafficTrap } from './agent-cli-test-context.js';

// Codex (through codex-acp) writes a file; Claude Code (through claude-agent-acp) reviews it and
// answers through Kanbots' MCP submit_review — a broken input first, told back as a tool error,
// then a valid review, which is the reviewer's structured result. Real adapters, scripted model.

let server: ScriptedModelServer;
let trap: OutsideTrafficTrap;
let mcp: WorkflowToolsMcpServer;

beforeAll(async () => {
  await ensureAcpAdapter('claude-agent-acp');
  await ensureAcpAdapter('codex-acp');
  server = await startScriptedModelServer();
  trap = await startOutsideTrafficTrap();
  mcp = await startWorkflowToolsMcpServer();
}, 600_000);

afterAll(async () => {
  await mcp?.close();
  await server?.close();
  await trap?.close();
});

it('Claude Code reviews Codex’s change through the MCP submit_review, with a structured verdict', async () => {
  const workspace = await createAgentWorkspace(trap);
  try {
    const codex = await ensureAcpAdapter('codex-acp');
    const codexEnvironment = acpAgentEnvironment('codex-acp', { apiKey: 'sk-codex-review-0123456789', baseUrl: server.openaiBaseUrl, maxRetries: 0, homeRoot: path.join(workspace.home, 'codex') });
    server.script('gpt-5.5', [{ toolCalls: [{ name: 'exec_command', input: { cmd: "printf 'hello\\n' > greeting.txt" } }] }, { text: 'Wrote greeting.txt.' }]);
    const developer = new AcpExecutor({ agent: { name: 'codex-acp', command: codex.command, args: codex.args }, secretEnv: codexEnvironment.secretEnv, runEnv: codexEnvironment.runEnv, killGraceMs: 500 });
    const developed = await developer.run(
      { agentId: 'developer_1', worktree: workspace.worktree, prompt: 'Write greeting.txt', model: 'gpt-5.5', policy: { default: 'allow' }, env: workspace.env, signal: new AbortController().signal, approvals: new ApprovalInbox() },
      () => undefined,
    );
    expect(developed).toMatchObject({ status: 'done', result: 'Wrote greeting.txt.' });
    expect(await readFile(path.join(workspace.worktree, 'greeting.txt'), 'utf8')).toBe('hello\n');

    const claude = await ensureAcpAdapter('claude-agent-acp');
    const claudeEnvironment = acpAgentEnvironment('claude-code-acp', { apiKey: 'sk-ant-review-0123456789abcdef', baseUrl: server.anthropicBaseUrl, maxRetries: 0 });
    server.respond('claude-haiku-4-5', () => ({ text: 'A session title' }));
    const review = { verdict: 'request_changes', findings: [{ file: 'greeting.txt', line: 1, severity: 'minor', message: 'Greet by name.' }] };
    server.script('claude-sonnet-4-5', [
      { toolCalls: [{ name: 'mcp__kanbots__submit_review', input: { verdict: 'approve', findings: 'none' } }] },
      { toolCalls: [{ name: 'mcp__kanbots__submit_review', input: review }] },
      { text: 'Review submitted.' },
    ]);
    const events: AgentEvent[] = [];
    const reviewer = new AcpExecutor({
      agent: { name: 'claude-code-acp', command: claude.command, args: claude.args },
      secretEnv: claudeEnvironment.secretEnv,
      runEnv: claudeEnvironment.runEnv,
      workflowTools: (input) => mcp.open({ agentId: input.agentId, tools: [submitReviewTool], worktree: input.worktree }),
      killGraceMs: 500,
    });
    const reviewed = await reviewer.run(
      {
        agentId: 'reviewer_1',
        worktree: workspace.worktree,
        prompt: 'Review the change and answer with submit_review.',
        model: 'claude-sonnet-4-5',
        // The person is asked about everything, yet Kanbots' own answer tool needs nobody's permission.
        policy: { default: 'ask' },
        env: { ...workspace.env, ANTHROPIC_DEFAULT_HAIKU_MODEL: 'claude-haiku-4-5', ANTHROPIC_SMALL_FAST_MODEL: 'claude-haiku-4-5' },
        signal: new AbortController().signal,
        approvals: new ApprovalInbox(),
      },
      (event) => events.push(event),
    );
    expect(reviewed.status).toBe('done');
    expect(reviewed.result).toEqual(review);
    expect(events.filter((event) => event.type === 'agent.tool.approval.requested')).toEqual([]);
    const calls = events.flatMap((event) => (event.type === 'agent.tool.finished' ? [event] : []));
    expect(calls.map((call) => [call.name, call.isError])).toEqual([
      ['mcp__kanbots__submit_review', true],
      ['mcp__kanbots__submit_review', false],
    ]);
    expect(calls[0]?.content).toContain('The input of submit_review is not valid');
    expect(events.at(-1)).toMatchObject({ type: 'agent.finished', status: 'done', result: review });
    expect(JSON.stringify(events)).not.toContain('Bearer');
    server.assertComplete();
    expect(trap.connections).toBe(0);
  } finally {
    await workspace.cleanup();
  }
});
