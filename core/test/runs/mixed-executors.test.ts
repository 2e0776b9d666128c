import { mkdir, rm } from 'node:fs/promises';
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/errors.js';
import { initialCliAgentContext } from '../../src/executors/cli-agent-context.js';
import { groupAlive } from '../../src/executors/process-runner.js';
import { builtInPersonas } from '../../src/personas/built-in-personas.js';
import type { Persona } from '../../src/personas/persona.js';
import { assertCliAgentRoles, parseCliAgentChoice } from '../../src/runs/cli-agent-choice.js';
import { createWorkflowRegistry } from '../../src/workflows/workflow-registry.js';
import { agentContextOfCliAgent, cliAgentFactory } from '../../src/runs/cli-hosted-agent.js';
import { runDocumentNames } from '../../src/store/kanbots-store.js';
import type { RecordedRequest } from '../../src/testing/scripted-model-server/index.js';
import { ensureAgentCli } from '../support/agent-clis.js';
import { eventually, startOutsideTrafficTrap, type OutsideTrafficTrap } from '../executors/agent-cli-test-context.js';
import type { Kanbots } from '../../src/kanbots.js';
import { approve, createRunFixture, requestChanges, type RunFixture } from './run-fixture.js';

// Workflows that mix executors: the developer is an agent CLI (model choice `claude-code[:model]`),
// the reviewer Kanbots' built-in agent. Reviewers and judges cannot be CLIs (they answer through
// workflow tools), which a run refuses at its start.

describe('agent CLI model choices', () => {
  it('parses claude-code / codex with or without a model; everything else stays built-in', () => {
    expect(parseCliAgentChoice('claude-code')).toEqual({ kind: 'claude-code' });
    expect(parseCliAgentChoice('claude-code:claude-sonnet-4-5')).toEqual({ kind: 'claude-code', model: 'claude-sonnet-4-5' });
    expect(parseCliAgentChoice(' codex:gpt-5.5 ')).toEqual({ kind: 'codex', model: 'gpt-5.5' });
    expect(parseCliAgentChoice('codex:')).toEqual({ kind: 'codex' });
    for (const builtIn of [undefined, '', 'anthropic:claude-sonnet-4-5', 'openai:gpt-4.1', 'claude-sonnet-4-5', 'codex-mini', 'compatible:codex', 'claude-codex']) {
      expect(parseCliAgentChoice(builtIn)).toBeUndefined();
    }
  });

  it('refuses a CLI reviewer or judge, however it is chosen, and allows CLI developers, testers and planners', () => {
    const strictReviewer: Persona = { ...builtInPersonas.find((persona) => persona.role === 'reviewer')!, name: 'strict-reviewer', model: 'codex', source: 'user' };
    const personas = [...builtInPersonas, strictReviewer];
    const refused = (run: () => void) => {
      try {
        run();
      } catch (error) {
        return error;
      }
      return undefined;
    };
    const byRole = refused(() => assertCliAgentRoles(createWorkflowRegistry().get('dev-review'), { task: 't' }, { models: { developer: 'claude-code', reviewer: 'claude-code:opus' } }, personas));
    expect(byRole).toBeInstanceOf(ConfigurationError);
    expect((byRole as ConfigurationError).message).toContain('The reviewer "reviewer" cannot be an agent CLI ("claude-code:opus")');
    expect((byRole as ConfigurationError).details).toMatchObject({ agent: 'reviewer', role: 'reviewer', allowedRoles: ['developer', 'tester', 'planner'] });
    expect(refused(() => assertCliAgentRoles(createWorkflowRegistry().get('dev-review'), { task: 't' }, { model: 'codex' }, personas))).toBeInstanceOf(ConfigurationError);
    expect(refused(() => assertCliAgentRoles(createWorkflowRegistry().get('dev-review'), { task: 't', personas: { reviewer: 'strict-reviewer' } }, {}, personas))).toBeInstanceOf(ConfigurationError);
    expect(refused(() => assertCliAgentRoles(createWorkflowRegistry().get('best-of-n'), { task: 't' }, { models: { judge: 'claude-code' } }, personas))).toBeInstanceOf(ConfigurationError);
    expect(refused(() => assertCliAgentRoles(createWorkflowRegistry().get('pipeline'), { task: 't' }, { models: { 'step-4': 'codex' } }, personas))).toBeInstanceOf(ConfigurationError);

    // A run default of a CLI is fine when the reviewer has its own built-in model; so are CLI developers, testers, planners.
    expect(refused(() => assertCliAgentRoles(createWorkflowRegistry().get('dev-review'), { task: 't' }, { model: 'claude-code', models: { reviewer: 'openai:gpt-4.1' } }, personas))).toBeUndefined();
    expect(refused(() => assertCliAgentRoles(createWorkflowRegistry().get('pipeline'), { task: 't' }, { models: { planner: 'codex', developer: 'claude-code', tester: 'claude-code:haiku' } }, personas))).toBeUndefined();
    expect(refused(() => assertCliAgentRoles(createWorkflowRegistry().get('solo'), { task: 't' }, { model: 'claude-code' }, personas))).toBeUndefined();
    expect(refused(() => assertCliAgentRoles(createWorkflowRegistry().get('best-of-n'), { task: 't' }, { models: { developer: 'codex', judge: 'anthropic:judge-model' } }, personas))).toBeUndefined();
  });

  it('a CLI agent cut off mid-run restores paused and interrupted; its view reads like a built-in agent', () => {
    const context = { ...initialCliAgentContext({ agentId: 'agent_1', executorKind: 'claude-code', model: 'sonnet', policy: { default: 'allow' } }), phase: 'running' as const, task: 'Do it', prompt: 'Do it', sessionId: 'session-1' };
    const factory = cliAgentFactory('claude-code', () => {
      throw new Error('not created in this test');
    });
    const running = factory.restore({ status: 'active', value: { running: 'working' }, context, children: {} }, []);
    expect(running.interrupted).toBe(true);
    expect(running.snapshot).toMatchObject({ value: 'paused', context: { phase: 'paused', interrupted: true, sessionId: 'session-1' } });
    const done = factory.restore({ status: 'active', value: 'done', context: { ...context, phase: 'done', lastResult: 'Done.' }, children: {} }, []);
    expect(done.interrupted).toBe(false);

    const view = agentContextOfCliAgent({ ...context, phase: 'done', runs: 2, lastResult: 'Done.', usage: { inputTokens: 10, outputTokens: 5 }, costUsd: 0.5 });
    expect(view).toMatchObject({ agentId: 'agent_1', provider: 'claude-code', modelName: 'sonnet', phase: 'done', turn: 2, result: 'Done.', usage: { inputTokens: 10, outputTokens: 5 }, costUsd: 0.5, failure: null, pendingToolCalls: [] });
    const failed = agentContextOfCliAgent({ ...context, phase: 'failed', finishReason: 'provider_error', lastError: { name: 'ProviderError', code: 'rate_limit', message: 'slow down', retryable: true } });
    expect(failed.failure).toEqual({ reason: 'provider_error', error: { name: 'ProviderError', code: 'rate_limit', message: 'slow down', retryable: true } });
  });
});

describe('a run refuses a CLI reviewer at its start', () => {
  let fixture: RunFixture | undefined;
  afterEach(async () => {
    await fixture?.cleanup();
    fixture = undefined;
  });

  it('throws a ConfigurationError and creates no run', async () => {
    fixture = await createRunFixture();
    const start = fixture.kanbots.run(fixture.cardId, 'dev-review', { models: { developer: 'claude-code', reviewer: 'codex:gpt-5.5' } });
    await expect(start).rejects.toBeInstanceOf(ConfigurationError);
    await expect(start).rejects.toThrow(/The reviewer cannot be an agent CLI/);
    expect(fixture.kanbots.runs.list()).toEqual([]);
    expect(fixture.server.requests).toEqual([]);
  });
});

describe('dev ⇄ review with Claude Code (real CLI) developing and a built-in OpenAI reviewer', () => {
  const developerModel = 'claude-sonnet-4-5';
  const anthropicKey = 'sk-ant-mixed-executors-0123456789';
  const openaiKey = 'sk-openai-mixed-executors-0123456789';
  let claudePath: string;
  let trap: OutsideTrafficTrap;
  let fixture: RunFixture | undefined;
  let scratch: string;
  const pids: number[] = [];

  beforeAll(async () => {
    claudePath = await ensureAgentCli('claude-code');
    trap = await startOutsideTrafficTrap();
  }, 600_000);

  afterAll(async () => {
    await trap?.close();
  });

  afterEach(async () => {
    await fixture?.kanbots.close().catch(() => undefined);
    await eventually(() => pids.every((pid) => !groupAlive(pid)), 'every CLI process group to end');
    pids.length = 0;
    await fixture?.cleanup();
    fixture = undefined;
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  /** The run fixture reopened with an OpenAI provider (chat) and Claude Code, both on the scripted server; the CLI's HOME is private and outside traffic is trapped. */
  async function openMixed(): Promise<{ fixture: RunFixture; kanbots: Kanbots; reopen: () => Promise<Kanbots> }> {
    fixture = await createRunFixture();
    scratch = path.join(path.dirname(fixture.dataDir), 'cli');
    const home = path.join(scratch, 'home');
    const temporary = path.join(scratch, 'tmp');
    await mkdir(home, { recursive: true });
    await mkdir(temporary, { recursive: true });
    const env = {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      HOME: home,
      TMPDIR: temporary,
      LANG: 'C.UTF-8',
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_CONFIG_NOSYSTEM: '1',
      HTTPS_PROXY: trap.url,
      HTTP_PROXY: trap.url,
      https_proxy: trap.url,
      http_proxy: trap.url,
      ALL_PROXY: trap.url,
      NO_PROXY: '127.0.0.1,localhost',
      no_proxy: '127.0.0.1,localhost',
    };
    const server = fixture.server;
    const mixed = {
      providers: { openai: { apiKey: openaiKey, baseURL: server.openaiBaseUrl, api: 'chat' as const } },
      executors: {
        claudeCode: { command: claudePath, apiKey: anthropicKey, baseUrl: server.anthropicBaseUrl, extraEnv: { CLAUDE_CODE_MAX_RETRIES: '0' }, killGraceMs: 500, onProcessStarted: (pid: number) => pids.push(pid) },
        env,
      },
    };
    const opened = fixture;
    return { fixture: opened, kanbots: await opened.reopen(mixed), reopen: () => opened.reopen(mixed) };
  }

  it('Claude Code writes, the reviewer requests changes, the findings resume the same CLI session, approval, gate, merge after a restart', async () => {
    const { fixture, kanbots, reopen } = await openMixed();
    const server = fixture.server;

    // The file the CLI writes: in the run's worktree (known once the run made it).
    const spelledFile = () => path.join(realpathSync(kanbots.runs.list()[0]!.worktrees[0]!.path), 'src', 'spelled.txt');
    let resumedWithHistory = false;
    server.script(developerModel, [
      () => ({ text: 'Writing it.', toolCalls: [{ name: 'Write', input: { file_path: spelledFile(), content: 'one, 2, three\n' } }] }),
      { text: 'First try.' },
      (request: RecordedRequest) => {
        const body = JSON.stringify(request.body);
        resumedWithHistory = body.includes('First try.') && body.includes('The number on line 2 is still a digit.');
        return { toolCalls: [{ name: 'Read', input: { file_path: spelledFile() } }] };
      },
      () => ({ toolCalls: [{ name: 'Edit', input: { file_path: spelledFile(), old_string: ', 2,', new_string: ', two,' } }] }),
      { text: 'Spelled it out.' },
    ]);
    server.script('review-model', [requestChanges('The number on line 2 is still a digit.', 'src/spelled.txt'), approve()]);

    const run = await kanbots.run(fixture.cardId, 'dev-review', { models: { developer: `claude-code:${developerModel}`, reviewer: 'openai:review-model' }, policy: { default: 'allow' } });
    const atGate = await kanbots.runs.waitFor(run.id, (summary) => summary.status === 'needs_you' || summary.status === 'failed');
    expect(atGate.status, atGate.statusText).toBe('needs_you');
    expect(atGate.reviews.map((review) => review.verdict)).toEqual(['request_changes', 'approve']);
    expect(atGate.gate?.escalated).toBe(false);

    const developer = atGate.agents.find((agent) => agent.key === 'developer')!;
    const reviewer = atGate.agents.find((agent) => agent.key === 'reviewer')!;
    expect(developer).toMatchObject({ provider: 'claude-code', model: `claude-code:${developerModel}`, phase: 'done', turn: 2 });
    expect(developer.usage.inputTokens).toBeGreaterThan(0);
    expect(reviewer).toMatchObject({ provider: 'openai', model: 'openai:review-model', phase: 'done' });

    // Two CLI processes, one session: the findings went to `--resume`, so the third request carries the first run's history.
    expect(pids).toHaveLength(2);
    expect(resumedWithHistory).toBe(true);
    const developerTools = fixture.events.flatMap((event) => (event.type === 'run.agent.event' && event.agent === 'developer' && event.event.type === 'agent.tool.finished' ? [event.event] : []));
    expect(developerTools.map((tool) => [tool.name, tool.isError])).toEqual([['Write', false], ['Read', false], ['Edit', false]]);
    expect(server.requests.filter((request) => request.model === 'review-model').every((request) => request.api === 'openai-chat')).toBe(true);
    expect(server.requests.filter((request) => request.model === developerModel).every((request) => request.api === 'anthropic')).toBe(true);
    // The reviewer saw the CLI's final answer as the developer's summary.
    expect(JSON.stringify(server.requests.find((request) => request.model === 'review-model')!.body)).toContain('First try.');

    // The agent's file notes its kind and holds the CLI session, without the key.
    const developerFile = storedAgentFile(fixture.kanbots, run.id, developer.agentId);
    const saved = JSON.parse(developerFile) as { kind: string; snapshot: { context: { sessionId: string; executorKind: string } } };
    expect(saved.kind).toBe('claude-code');
    expect(saved.snapshot.context.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(developerFile).not.toContain(anthropicKey);
    const reviewerFile = JSON.parse(storedAgentFile(fixture.kanbots, run.id, reviewer.agentId)) as { kind: string };
    expect(reviewerFile.kind).toBe('built-in');

    // A restart restores each agent as its own kind; then merge.
    const reopened = await reopen();
    const restored = reopened.runs.get(run.id);
    expect(restored.status).toBe('needs_you');
    expect(restored.agents.find((agent) => agent.key === 'developer')).toMatchObject({ provider: 'claude-code', phase: 'done', turn: 2 });
    reopened.merge(run.id);
    const merged = await reopened.runs.waitFor(run.id, (summary) => summary.status === 'merged' || summary.status === 'failed');
    expect(merged.status, merged.statusText).toBe('merged');
    expect(await fixture.repository.git(['show', 'main:src/spelled.txt'])).toBe('one, two, three\n');

    server.assertComplete();
    expect(trap.connections).toBe(0);
    const activity = JSON.stringify(fixture.kanbots.runs.activity(run.id));
    for (const secret of [anthropicKey, openaiKey]) {
      expect(activity).not.toContain(secret);
      expect(JSON.stringify(fixture.events)).not.toContain(secret);
    }
  }, 240_000);
  it('the person pauses the Claude Code developer on its own: the CLI stops, the run\'s PAUSE and RESUME leave it paused, its own RESUME continues the session', async () => {
    const { fixture, kanbots } = await openMixed();
    const server = fixture.server;
    server.script(developerModel, [{ fault: 'hang' }]);
    const run = await kanbots.run(fixture.cardId, 'dev-review', { models: { developer: `claude-code:${developerModel}`, reviewer: 'openai:review-model' }, policy: { default: 'allow' } });
    await eventually(() => server.requests.some((request) => request.model === developerModel), 'the CLI to ask the model');
    const developer = () => kanbots.runs.get(run.id).agents.find((agent) => agent.key === 'developer');

    kanbots.pause(run.id, 'developer');
    await kanbots.runs.waitFor(run.id, () => developer()?.phase === 'paused');
    await eventually(() => pids.every((pid) => !groupAlive(pid)), 'the paused CLI to end');
    kanbots.pause(run.id);
    kanbots.resume(run.id);
    expect(developer()).toMatchObject({ provider: 'claude-code', phase: 'paused' });
    expect(pids).toHaveLength(1);

    server.reset();
    server.script(developerModel, [{ text: 'Done after the pause.' }]);
    server.script('review-model', [approve()]);
    kanbots.resume(run.id, 'developer');
    const atGate = await kanbots.runs.waitFor(run.id, (summary) => summary.status === 'needs_you' || summary.status === 'failed');
    expect(atGate.status, atGate.statusText).toBe('needs_you');
    expect(pids).toHaveLength(2);
    server.assertComplete();
    expect(trap.connections).toBe(0);
  }, 240_000);

  it('a restart while Claude Code is mid-step brings the run back interrupted; RESUME continues the same CLI session', async () => {
    const { fixture, kanbots, reopen } = await openMixed();
    const server = fixture.server;
    server.script(developerModel, [{ fault: 'hang' }]);
    const run = await kanbots.run(fixture.cardId, 'dev-review', { models: { developer: `claude-code:${developerModel}`, reviewer: 'openai:review-model' }, policy: { default: 'allow' } });
    await eventually(() => server.requests.some((request) => request.model === developerModel), 'the CLI to ask the model');
    const developerId = kanbots.runs.get(run.id).agents.find((agent) => agent.key === 'developer')!.agentId;
    const sessionBefore = await eventuallyValue(async () => {
      const saved = JSON.parse(storedAgentFile(fixture.kanbots, run.id, developerId)) as { snapshot: { context: { sessionId: string | null } } };
      return saved.snapshot.context.sessionId ?? undefined;
    });

    const reopened = await reopen(); // closing stops the CLI (its process group is killed); the file still says `running`
    const interrupted = reopened.runs.get(run.id);
    expect(interrupted.status).toBe('interrupted');
    expect(interrupted.agents.find((agent) => agent.key === 'developer')).toMatchObject({ provider: 'claude-code', phase: 'paused' });

    let resumedSession = false;
    server.script(developerModel, [
      (request: RecordedRequest) => {
        resumedSession = JSON.stringify(request.body).includes('Continue the task where you left off.');
        return { text: 'Nothing was left to do.' };
      },
    ]);
    server.script('review-model', [approve()]);
    reopened.resume(run.id);
    const atGate = await reopened.runs.waitFor(run.id, (summary) => summary.status === 'needs_you' || summary.status === 'failed');
    expect(atGate.status, atGate.statusText).toBe('needs_you');
    expect(resumedSession).toBe(true);
    const saved = JSON.parse(storedAgentFile(fixture.kanbots, run.id, developerId)) as { kind: string; snapshot: { context: { sessionId: string; runs: number } } };
    expect(saved.kind).toBe('claude-code');
    expect(saved.snapshot.context.sessionId).toBe(sessionBefore);
    expect(pids).toHaveLength(2);
    server.assertComplete();
    expect(trap.connections).toBe(0);
  }, 240_000);
});

/** Polls `read` until it gives a value. */
async function eventuallyValue<T>(read: () => Promise<T | undefined>): Promise<T> {
  let value: T | undefined;
  await new Promise<void>((resolve, reject) => {
    const poll = () => {
      read()
        .then((result) => {
          value = result;
          if (result !== undefined) resolve();
          else setTimeout(poll, 25);
        })
        .catch(reject);
    };
    poll();
  });
  return value as T;
}

/** An agent's persisted file as the store holds it (JSON text). */
function storedAgentFile(kanbots: Kanbots, runId: string, agentId: string): string {
  const text = kanbots.store.runs.readText(runId, runDocumentNames.agent(agentId));
  if (text === undefined) throw new Error(`No stored file of agent ${agentId} in run ${runId}`);
  return text;
}
