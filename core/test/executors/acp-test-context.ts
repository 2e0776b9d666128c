import { mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AgentEvent } from '../../src/agents/agent-events.js';
import { AcpExecutor, type AcpExecutorOptions } from '../../src/executors/acp/acp-executor.js';
import type { ExecutorApprovalDecision, ExecutorRunInput } from '../../src/executors/executor.js';
import { ApprovalInbox } from '../../src/executors/approval-inbox.js';
import { scriptedAcpAgentProcess, type ScriptedAcpAgentProcess, type ScriptedAcpScript } from '../../src/testing/acp/index.js';
import { createTestRepository, type TestRepository } from '../../src/testing/git-fixtures.js';

/**
 * What the ACP executor tests share: a real git repository as the agent's worktree, the scripted
 * ACP agent as a real child process, and a recorder of the events the executor emits.
 */

export interface AcpTestContext {
  repository: TestRepository;
  worktree: string;
  agent: ScriptedAcpAgentProcess;
  executor: AcpExecutor;
  events: AgentEvent[];
  emit: (event: AgentEvent) => void;
  approvals: ApprovalInbox;
  /** A run input in the worktree; override what a test needs. */
  input(overrides?: Partial<ExecutorRunInput>): ExecutorRunInput;
  decide(decision: ExecutorApprovalDecision): void;
  types(): string[];
  cleanup(): Promise<void>;
}

export async function createAcpTestContext(script: ScriptedAcpScript, options: Partial<AcpExecutorOptions> = {}): Promise<AcpTestContext> {
  const repository = await createTestRepository();
  const worktree = await realpath(repository.path);
  const stateDirectory = await mkdtemp(path.join(tmpdir(), 'kanbots-acp-agent-'));
  const agent = await scriptedAcpAgentProcess(stateDirectory, script);
  const executor = new AcpExecutor({ agent: { name: 'scripted-acp', command: agent.command, args: agent.args, env: agent.env }, killGraceMs: 500, ...options });
  const events: AgentEvent[] = [];
  const approvals = new ApprovalInbox();
  return {
    repository,
    worktree,
    agent,
    executor,
    events,
    emit: (event) => events.push(event),
    approvals,
    input: (overrides = {}) => ({
      agentId: 'agent-1',
      worktree,
      prompt: 'Write hello.txt',
      policy: { default: 'ask' },
      env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: stateDirectory },
      signal: new AbortController().signal,
      approvals,
      ...overrides,
    }),
    decide: (decision) => approvals.deliver(decision),
    types: () => events.map((event) => event.type),
    cleanup: async () => {
      await rm(stateDirectory, { recursive: true, force: true });
      await repository.cleanup();
    },
  };
}

export { eventually as until } from './agent-cli-test-context.js';
