import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors.js';
import { initialCliAgentContext } from '../../src/executors/cli-agent-context.js';
import { cliAgentMachine } from '../../src/executors/cli-agent-machine.js';
import { restorableCliAgentSnapshot } from '../../src/executors/cli-agent-snapshot.js';
import { machineToGraph } from '../../src/statecharts/machine-graph.js';

// The CLI agent machine as the statechart docs draw it, and the snapshot restore rules (pure).
describe('CLI agent statechart', () => {
  it('draws idle → running (⇄ awaitingApproval) → done | failed | cancelled with paused, like the built-in agent', () => {
    const graph = machineToGraph(cliAgentMachine);
    expect(graph.initial).toBe('cliAgent.idle');
    expect(graph.states.map((state) => state.id)).toEqual([
      'cliAgent.idle',
      'cliAgent.running',
      'cliAgent.running.working',
      'cliAgent.running.awaitingApproval',
      'cliAgent.running.pausing',
      'cliAgent.running.cancelling',
      'cliAgent.paused',
      'cliAgent.done',
      'cliAgent.failed',
      'cliAgent.cancelled',
    ]);
    const edges = graph.transitions.map((transition) => `${transition.source} -${transition.label}-> ${transition.target}`);
    expect(edges).toContain('cliAgent.idle -START-> cliAgent.running');
    expect(edges).toContain('cliAgent.paused -RESUME-> cliAgent.running');
    expect(edges).toContain('cliAgent.done -USER_MESSAGE-> cliAgent.running');
    expect(edges).toContain('cliAgent.running.working -PAUSE-> cliAgent.running.pausing');
    // An ACP agent's permission request waits in awaitingApproval; APPROVE / DENY are passed on
    // to the executor without a transition (one-shot CLIs never ask).
    expect(edges).toContain('cliAgent.running.working -executor.event-> cliAgent.running.awaitingApproval');
    expect(edges).toContain('cliAgent.running.awaitingApproval -executor.event-> cliAgent.running.working');
    expect(edges).toContain('cliAgent.running.awaitingApproval -PAUSE-> cliAgent.running.pausing');
  });
});

describe('restoring a CLI agent snapshot', () => {
  const context = { ...initialCliAgentContext({ agentId: 'dev_1', executorKind: 'claude-code', policy: { default: 'allow' } }), sessionId: 'session-1', phase: 'running' };
  const running = { status: 'active', value: { running: 'working' }, context, children: { executor: { snapshot: { status: 'active' }, src: 'runExecutor' } }, historyValue: {} };

  it('turns a run cut off by a restart into an interrupted pause, without the dead child', () => {
    const restored = restorableCliAgentSnapshot(JSON.parse(JSON.stringify(running))) as unknown as typeof running;
    expect(restored.value).toBe('paused');
    expect(restored.children).toEqual({});
    expect(restored.context).toMatchObject({ phase: 'paused', interrupted: true, sessionId: 'session-1' });
  });

  it('keeps a cancel that was under way, and leaves settled states as they were', () => {
    const cancelling = restorableCliAgentSnapshot({ ...running, value: { running: 'cancelling' } } as never) as unknown as typeof running;
    expect(cancelling).toMatchObject({ status: 'done', value: 'cancelled', context: { phase: 'cancelled' } });
    const done = { ...running, value: 'done', context: { ...context, phase: 'done' }, children: {} };
    expect(restorableCliAgentSnapshot(done as never)).toBe(done);
  });

  it('rejects a snapshot that is not a CLI agent snapshot with a ValidationError', () => {
    expect(() => restorableCliAgentSnapshot({ ...running, value: 'requesting' } as never)).toThrow(ValidationError);
    expect(() => restorableCliAgentSnapshot({ ...running, context: { ...context, pendingFollowUps: 'oops' } } as never)).toThrow(/pendingFollowUps/);
  });
});
