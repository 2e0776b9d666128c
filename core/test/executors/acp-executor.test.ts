import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../src/agents/agent-events.js';
import { AcpExecutor } from '../../src/executors/acp/acp-executor.js';
import { decidePermission } from '../../src/executors/acp/acp-permissions.js';
import { groupAlive } from '../../src/executors/process-runner.js';
import { claudeLikePermissionOptions, codexLikePermissionOptions, type ScriptedAcpScript } from '../../src/testing/acp/index.js';
import { createAcpTestContext, until, type AcpTestContext } from './acp-test-context.js';

// The ACP executor against the scripted ACP agent, a real child process speaking ACP v1 on stdio.
let context: AcpTestContext | undefined;
afterEach(async () => {
  await context?.cleanup();
  context = undefined;
});

async function start(script: ScriptedAcpScript): Promise<AcpTestContext> {
  context = await createAcpTestContext(script);
  return context;
}

function ofType<T extends AgentEvent['type']>(events: AgentEvent[], type: T): Extract<AgentEvent, { type: T }>[] {
  return events.filter((event): event is Extract<AgentEvent, { type: T }> => event.type === type);
}

describe('ACP executor: streaming and tool calls', () => {
  it('streams text as deltas, writes a file through a tool call with its diff, records the cost', async () => {
    const test = await start({
      turns: [
        {
          steps: [
            { type: 'thought', text: 'I will write the file.' },
            { type: 'plan', entries: [{ content: 'Write hello.txt', priority: 'high', status: 'in_progress' }] },
            { type: 'text', chunks: ['Writing ', 'the file.'] },
            { type: 'tool', toolCallId: 'call-1', title: 'Write hello.txt', kind: 'edit', writeFile: { path: 'hello.txt', content: 'hello\n' } },
            { type: 'usage', used: 1200, size: 200000, costUsd: 0.0125 },
            { type: 'text', text: 'Done.' },
          ],
        },
      ],
    });
    const result = await test.executor.run(test.input({ policy: { default: 'allow' } }), test.emit);

    expect(result.status).toBe('done');
    // The result is the agent's final answer: its text after the last tool call.
    expect(result.result).toBe('Done.');
    expect(result.sessionId).toBe('scripted-session-1');
    expect(result.costUsd).toBeCloseTo(0.0125);
    expect(await readFile(path.join(test.worktree, 'hello.txt'), 'utf8')).toBe('hello\n');
    expect(test.types()).toEqual([
      'agent.text.start',
      'agent.text.delta',
      'agent.text.delta',
      'agent.text.end',
      'agent.tool.started',
      'agent.tool.finished',
      'agent.text.start',
      'agent.text.delta',
      'agent.text.end',
      'agent.turn.ended',
      'agent.finished',
    ]);
    expect(ofType(test.events, 'agent.text.delta').map((event) => event.text)).toEqual(['Writing ', 'the file.', 'Done.']);
    const started = ofType(test.events, 'agent.tool.started')[0]!;
    expect(started).toMatchObject({ callId: 'call-1', name: 'Write hello.txt', input: { kind: 'edit', files: ['hello.txt'] } });
    const finished = ofType(test.events, 'agent.tool.finished')[0]!;
    expect(finished.isError).toBe(false);
    expect(finished.data).toMatchObject({ kind: 'edit', files: ['hello.txt'], path: 'hello.txt', created: true });
    expect(finished.data?.['diff']).toContain('+hello');
    expect(ofType(test.events, 'agent.turn.ended')[0]).toMatchObject({ costUsd: 0.0125, stopReason: 'end_turn' });
    const received = await test.agent.received();
    expect(received.map((entry) => entry.method)).toEqual(['initialize', 'session/new', 'session/prompt']);
    expect(received[1]).toMatchObject({ cwd: test.worktree, mcpServers: [] });
    expect(received[2]).toMatchObject({ text: 'Write hello.txt' });
  });
});

describe('ACP executor: permissions', () => {
  const askTwice: ScriptedAcpScript = {
    turns: [
      {
        steps: [
          { type: 'tool', toolCallId: 'bash-1', title: 'npm test', kind: 'execute', rawInput: { command: 'npm test' }, output: 'ok', permission: { options: claudeLikePermissionOptions } },
          { type: 'tool', toolCallId: 'bash-2', title: 'rm -rf build', kind: 'execute', rawInput: { command: 'rm -rf build' }, permission: { options: claudeLikePermissionOptions } },
          { type: 'text', text: 'Finished.' },
        ],
      },
    ],
  };

  it('asks the person with the agent’s own options, then approves one call and denies the next by kind', async () => {
    const test = await start(askTwice);
    const running = test.executor.run(test.input(), test.emit);
    await until(() => ofType(test.events, 'agent.tool.approval.requested').length === 1, 'the first question');
    const first = ofType(test.events, 'agent.tool.approval.requested')[0]!;
    expect(first).toMatchObject({ callId: 'bash-1', name: 'npm test', input: { kind: 'execute', rawInput: { command: 'npm test' } } });
    expect(first.options).toEqual([
      { kind: 'allow_always', label: 'Always Allow' },
      { kind: 'allow_once', label: 'Allow' },
      { kind: 'reject_once', label: 'Reject' },
    ]);
    test.decide({ callId: 'bash-1', approved: true, by: 'human' });
    await until(() => ofType(test.events, 'agent.tool.approval.requested').length === 2, 'the second question');
    test.decide({ callId: 'bash-2', approved: false, by: 'human', reason: 'not that' });
    const result = await running;

    expect(result.status).toBe('done');
    expect(result.result).toBe('Finished.');
    const permissions = (await test.agent.received()).filter((entry) => entry.method === 'permission');
    expect(permissions).toEqual([
      { method: 'permission', toolCallId: 'bash-1', outcome: { outcome: 'selected', optionId: 'allow' } },
      { method: 'permission', toolCallId: 'bash-2', outcome: { outcome: 'selected', optionId: 'reject' } },
    ]);
    expect(ofType(test.events, 'agent.tool.approval.resolved').map((event) => [event.callId, event.approved, event.by])).toEqual([
      ['bash-1', true, 'human'],
      ['bash-2', false, 'human'],
    ]);
    expect(ofType(test.events, 'agent.tool.finished').map((event) => [event.callId, event.isError])).toEqual([
      ['bash-1', false],
      ['bash-2', true],
    ]);
  });

  it('lets the policy answer allow and deny without asking', async () => {
    const test = await start(askTwice);
    const result = await test.executor.run(test.input({ policy: { default: 'ask', rules: { run_command: 'allow' } } }), test.emit);
    expect(result.status).toBe('done');
    expect(ofType(test.events, 'agent.tool.approval.requested')).toEqual([]);

    const denied = await createAcpTestContext(askTwice);
    try {
      const deniedResult = await denied.executor.run(denied.input({ policy: { default: 'allow', rules: { run_command: 'deny' } } }), denied.emit);
      expect(deniedResult.status).toBe('done');
      expect(ofType(denied.events, 'agent.tool.approval.requested')).toEqual([]);
      expect(ofType(denied.events, 'agent.tool.approval.resolved').map((event) => event.by)).toEqual(['policy', 'policy']);
      const outcomes = (await denied.agent.received()).filter((entry) => entry.method === 'permission').map((entry) => (entry.method === 'permission' ? entry.outcome : undefined));
      expect(outcomes).toEqual([
        { outcome: 'selected', optionId: 'reject' },
        { outcome: 'selected', optionId: 'reject' },
      ]);
    } finally {
      await denied.cleanup();
    }
    const allowed = (await test.agent.received()).filter((entry) => entry.method === 'permission');
    expect(allowed.map((entry) => (entry.method === 'permission' ? entry.outcome : undefined))).toEqual([
      { outcome: 'selected', optionId: 'allow' },
      { outcome: 'selected', optionId: 'allow' },
    ]);
  });

  it('picks Codex’s options by kind too; a reject that ends the agent’s turn is told to the agent, which carries on', async () => {
    const test = await start({
      turns: [
        {
          steps: [
            { type: 'tool', toolCallId: 'exec-1', title: 'git push', kind: 'execute', permission: { options: codexLikePermissionOptions, onReject: 'end_turn' } },
            { type: 'text', text: 'never said' },
          ],
        },
        { steps: [{ type: 'text', text: 'I will not push.' }] },
      ],
    });
    const running = test.executor.run(test.input(), test.emit);
    await until(() => ofType(test.events, 'agent.tool.approval.requested').length === 1, 'the question');
    test.decide({ callId: 'exec-1', approved: false, reason: 'not yet' });
    const result = await running;
    expect(result.status).toBe('done');
    expect(result.result).toBe('I will not push.');
    const received = await test.agent.received();
    expect(received.find((entry) => entry.method === 'permission')).toMatchObject({ outcome: { outcome: 'selected', optionId: 'cancel' } });
    const prompts = received.flatMap((entry) => (entry.method === 'session/prompt' ? [entry] : []));
    expect(prompts).toHaveLength(2);
    expect(prompts[1]?.sessionId).toBe(prompts[0]?.sessionId);
    expect(prompts[1]?.text).toContain('git push (not yet)');
    expect(ofType(test.events, 'agent.finished')).toHaveLength(1);
  });

  it('remembers "always allow" for the run when the agent offers no allow-always option', async () => {
    const once = [
      { optionId: 'yes', name: 'Yes', kind: 'allow_once' as const },
      { optionId: 'no', name: 'No', kind: 'reject_once' as const },
    ];
    const test = await start({
      turns: [
        { steps: [{ type: 'tool', toolCallId: 'a', title: 'make', kind: 'execute', permission: { options: once } }] },
        { steps: [{ type: 'tool', toolCallId: 'b', title: 'make', kind: 'execute', permission: { options: once } }] },
      ],
    });
    const running = test.executor.run(test.input(), test.emit);
    await until(() => ofType(test.events, 'agent.tool.approval.requested').length === 1, 'the question');
    test.decide({ callId: 'a', approved: true, scope: 'always' });
    const first = await running;
    const second = await test.executor.run(test.input({ resumeSessionId: first.sessionId!, prompt: 'again' }), test.emit);
    expect(second.status).toBe('done');
    expect(ofType(test.events, 'agent.tool.approval.requested').map((event) => event.callId)).toEqual(['a']);
    const outcomes = (await test.agent.received()).filter((entry) => entry.method === 'permission');
    expect(outcomes.map((entry) => (entry.method === 'permission' ? entry.outcome : undefined))).toEqual([
      { outcome: 'selected', optionId: 'yes' },
      { outcome: 'selected', optionId: 'yes' },
    ]);
  });
});

describe('ACP executor: pause, resume, restart, cancel, crash', () => {
  it('starts a new session with the task when the agent no longer knows the one to continue', async () => {
    const test = await start({ turns: [{ steps: [{ type: 'text', text: 'Started over.' }] }] });
    const result = await test.executor.run(test.input({ resumeSessionId: 'lost-session', task: 'Write hello.txt', prompt: 'Continue the task where you left off.' }), test.emit);
    expect(result.status).toBe('done');
    expect(result.sessionId).toBe('scripted-session-1');
    const received = await test.agent.received();
    expect(received.map((entry) => entry.method)).toEqual(['initialize', 'session/new', 'session/prompt']);
    expect(received[2]).toMatchObject({ text: 'Write hello.txt\n\nContinue the task where you left off.' });
  });

  it('without the task, an unknown session is a typed error', async () => {
    const test = await start({ turns: [] });
    const result = await test.executor.run(test.input({ resumeSessionId: 'lost-session' }), test.emit);
    expect(result.status).toBe('failed');
    expect(result.error).toMatchObject({ name: 'AgentCliError', code: 'agent_cli_failed' });
  });

  it('pauses mid-turn with session/cancel, then resumes the same session with session/load in a new process', async () => {
    const test = await start({
      turns: [
        { steps: [{ type: 'text', text: 'Working on it' }, { type: 'waitForCancel' }] },
        { steps: [{ type: 'text', text: 'Picked up again.' }] },
      ],
    });
    const pause = new AbortController();
    const running = test.executor.run(test.input({ pauseSignal: pause.signal }), test.emit);
    await until(() => ofType(test.events, 'agent.text.delta').length === 1, 'the first text');
    pause.abort();
    const paused = await running;
    expect(paused.status).toBe('paused');
    expect(paused.sessionId).toBe('scripted-session-1');

    const countBefore = test.events.length;
    const resumed = await test.executor.run(test.input({ resumeSessionId: paused.sessionId!, prompt: 'Continue' }), test.emit);
    expect(resumed.status).toBe('done');
    expect(resumed.sessionId).toBe('scripted-session-1');
    expect(resumed.result).toBe('Picked up again.');
    // The history the agent replays on load is not emitted again.
    expect(ofType(test.events.slice(countBefore), 'agent.text.delta').map((event) => event.text)).toEqual(['Picked up again.']);
    const received = await test.agent.received();
    expect(received.map((entry) => entry.method)).toEqual(['initialize', 'session/new', 'session/prompt', 'session/cancel', 'initialize', 'session/load', 'session/prompt']);
    expect(received[5]).toMatchObject({ sessionId: 'scripted-session-1', cwd: test.worktree });
  });

  it('continues with session/resume when the agent offers it', async () => {
    const test = await start({ resumeSession: true, turns: [{ steps: [{ type: 'text', text: 'one' }] }, { steps: [{ type: 'text', text: 'two' }] }] });
    const first = await test.executor.run(test.input(), test.emit);
    const second = await test.executor.run(test.input({ resumeSessionId: first.sessionId!, prompt: 'next' }), test.emit);
    expect(second).toMatchObject({ status: 'done', result: 'two', sessionId: first.sessionId });
    expect((await test.agent.received()).map((entry) => entry.method)).toContain('session/resume');
  });

  it('answers an open question "cancelled" when paused while waiting for approval', async () => {
    const test = await start({ turns: [{ steps: [{ type: 'tool', toolCallId: 'x', title: 'deploy', kind: 'execute', permission: {} }, { type: 'text', text: 'not reached' }] }] });
    const pause = new AbortController();
    const running = test.executor.run(test.input({ pauseSignal: pause.signal }), test.emit);
    await until(() => ofType(test.events, 'agent.tool.approval.requested').length === 1, 'the question');
    pause.abort();
    const result = await running;
    expect(result.status).toBe('paused');
    const permission = (await test.agent.received()).find((entry) => entry.method === 'permission');
    expect(permission).toMatchObject({ outcome: { outcome: 'cancelled' } });
  });

  it('cancels mid-turn: the run is cancelled and the agent process is gone', async () => {
    let pid: number | undefined;
    const test = await createAcpTestContext({ turns: [{ steps: [{ type: 'text', text: 'long job' }, { type: 'waitForCancel' }] }] }, { onProcessStarted: (started) => (pid = started) });
    context = test;
    const cancel = new AbortController();
    const running = test.executor.run(test.input({ signal: cancel.signal }), test.emit);
    await until(() => ofType(test.events, 'agent.text.delta').length === 1, 'the text');
    cancel.abort();
    const result = await running;
    expect(result.status).toBe('cancelled');
    expect(ofType(test.events, 'agent.finished').at(-1)).toMatchObject({ status: 'cancelled' });
    expect(pid).toBeDefined();
    expect(groupAlive(pid!)).toBe(false);
  });

  it('reports the agent process crashing mid-turn as a retryable typed error', async () => {
    const test = await start({ turns: [{ steps: [{ type: 'text', text: 'about to fall over' }, { type: 'crash', exitCode: 7 }] }] });
    const result = await test.executor.run(test.input(), test.emit);
    expect(result.status).toBe('failed');
    expect(result.error).toMatchObject({ name: 'AgentCliError', code: 'agent_cli_exited', retryable: true, details: { exitCode: 7 } });
    expect(test.types().slice(-4)).toEqual(['agent.text.delta', 'agent.text.end', 'agent.error', 'agent.finished']);
  });

  it('says when the agent is not installed', async () => {
    context = await createAcpTestContext({ turns: [] });
    const executor = new AcpExecutor({ agent: { name: 'missing-agent', command: 'no-such-acp-agent-here' } });
    const result = await executor.run(context.input(), context.emit);
    expect(result.status).toBe('failed');
    expect(result.error).toMatchObject({ code: 'agent_cli_not_installed', retryable: false });
  });
});

describe('ACP executor: permission rules', () => {
  it('a rule about writing files applies to a command the agent asks about; without one the command rule decides', () => {
    const command = { toolCallId: 'c', kind: 'execute' as const, title: 'printf x > a.txt' };
    expect(decidePermission({ default: 'allow', rules: { write_file: 'ask' } }, command)).toBe('ask');
    expect(decidePermission({ default: 'allow', rules: { edit_file: 'deny', run_command: 'ask' } }, command)).toBe('deny');
    expect(decidePermission({ default: 'ask', rules: { run_command: 'allow' } }, command)).toBe('allow');
    expect(decidePermission({ default: 'allow', rules: { write_file: 'ask', Bash: 'allow' } }, { ...command, name: 'Bash' })).toBe('allow');
    expect(decidePermission({ default: 'allow', rules: { write_file: 'ask' } }, { toolCallId: 'r', kind: 'read', title: 'cat a.txt' })).toBe('allow');
  });
});
