import { fromPromise, setup } from 'xstate';
import { describe, expect, it } from 'vitest';
import { graphToMermaid } from '../../src/statecharts/graph-to-mermaid.js';
import { machineToGraph } from '../../src/statecharts/machine-graph.js';

const machine = setup({
  types: { events: {} as { type: 'GO' } | { type: 'STOP' } },
  guards: { ready: () => true },
  delays: { wait: 100 },
  actors: { work: fromPromise(async () => 1) },
}).createMachine({
  id: 'demo',
  initial: 'idle',
  on: { STOP: '.stopped' },
  states: {
    idle: { on: { GO: { target: 'busy', guard: 'ready' } }, after: { wait: 'busy' } },
    busy: {
      initial: 'step',
      invoke: { src: 'work', onDone: 'stopped', onError: 'idle' },
      states: { step: { always: '#demo.stopped' }, hist: { type: 'history' } },
    },
    stopped: { type: 'final' },
  },
});

describe('machine graph', () => {
  it('lists states with nesting and labelled transitions', () => {
    const graph = machineToGraph(machine);
    expect(graph.initial).toBe('demo.idle');
    expect(graph.states.map((state) => [state.id, state.type, state.parent ?? null])).toEqual([
      ['demo.idle', 'atomic', null],
      ['demo.busy', 'compound', null],
      ['demo.busy.step', 'atomic', 'demo.busy'],
      ['demo.busy.hist', 'history', 'demo.busy'],
      ['demo.stopped', 'final', null],
    ]);
    expect(graph.transitions).toEqual(
      expect.arrayContaining([
        { source: 'demo', target: 'demo.stopped', label: 'STOP' },
        { source: 'demo.idle', target: 'demo.busy', label: 'GO', guard: 'ready' },
        { source: 'demo.idle', target: 'demo.busy', label: 'after wait' },
        { source: 'demo.busy', target: 'demo.stopped', label: 'done: work' },
        { source: 'demo.busy', target: 'demo.idle', label: 'error: work' },
        { source: 'demo.busy.step', target: 'demo.stopped', label: 'always' },
      ]),
    );
    expect(JSON.parse(JSON.stringify(graph))).toEqual(graph);
  });

  it('renders deterministic Mermaid', () => {
    const text = graphToMermaid(machineToGraph(machine));
    expect(text).toBe(graphToMermaid(machineToGraph(machine)));
    expect(text).toContain('stateDiagram-v2\n  state "any state" as any_state\n  [*] --> demo_idle\n');
    expect(text).toContain('  state "busy" as demo_busy {\n    [*] --> demo_busy_step\n');
    expect(text).toContain('demo_idle --> demo_busy : GO [ready]');
    expect(text).toContain('demo_busy --> demo_stopped : done∶ work');
    expect(text).toContain('any_state --> demo_stopped : STOP');
    expect(text).toContain('demo_stopped --> [*]');
  });
});
