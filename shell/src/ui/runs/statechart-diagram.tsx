import { For, Show, createMemo, type Component } from 'solid-js';
import type { MachineGraph, MachineGraphState } from '@kanbots/core/protocol';

interface StateNode {
  state: MachineGraphState;
  children: StateNode[];
}

/** The graph's states as a tree (top-level states have no `parent`). */
export function stateTree(graph: MachineGraph): StateNode[] {
  const nodes = new Map(graph.states.map((state) => [state.id, { state, children: [] as StateNode[] }]));
  const roots: StateNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.state.parent === undefined ? undefined : nodes.get(node.state.parent);
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

/** The full ids of the active states, accepting either full ids or paths without the machine id. */
export function activeStateIds(graph: MachineGraph, active: readonly string[]): Set<string> {
  const wanted = new Set(active);
  const result = new Set<string>();
  for (const state of graph.states) {
    const path = state.id.startsWith(`${graph.id}.`) ? state.id.slice(graph.id.length + 1) : state.id;
    if (wanted.has(state.id) || wanted.has(path)) {
      result.add(state.id);
      // An active state's ancestors are active too.
      for (let parent = state.parent; parent !== undefined; parent = graph.states.find((candidate) => candidate.id === parent)?.parent) result.add(parent);
    }
  }
  return result;
}

/**
 * A compact drawing of a workflow statechart: nested boxes for compound and parallel states,
 * pills for the others, the active ones lit; below, what can happen next from where it is.
 */
export const StatechartDiagram: Component<{ graph: MachineGraph; active: readonly string[] }> = (props) => {
  const tree = createMemo(() => stateTree(props.graph));
  const active = createMemo(() => activeStateIds(props.graph, props.active));
  const keyOf = createMemo(() => new Map(props.graph.states.map((state) => [state.id, state.key])));
  const next = createMemo(() => {
    const leaves = props.graph.states.filter((state) => active().has(state.id) && state.type !== 'compound' && state.type !== 'parallel');
    const sources = new Set([...active()]);
    // One line per event: RETRY to each failed step is one line listing its targets, not six.
    const byLabel = new Map<string, { label: string; targets: string[]; guard?: string }>();
    for (const transition of props.graph.transitions) {
      if (!sources.has(transition.source) || transition.label === 'always') continue;
      if (leaves.length > 0 && transition.source === transition.target) continue;
      const edge = byLabel.get(transition.label) ?? { label: transition.label, targets: [] };
      const target = keyOf().get(transition.target) ?? transition.target;
      if (!edge.targets.includes(target)) edge.targets.push(target);
      if (transition.guard !== undefined && edge.guard === undefined) edge.guard = transition.guard;
      byLabel.set(transition.label, edge);
    }
    return [...byLabel.values()];
  });
  const Node: Component<{ node: StateNode; depth: number }> = (nodeProps) => {
    const isActive = (): boolean => active().has(nodeProps.node.state.id);
    const isContainer = nodeProps.node.children.length > 0;
    return (
      <li
        class="chart-state"
        classList={{
          'chart-container': isContainer,
          'chart-parallel': nodeProps.node.state.type === 'parallel',
          'chart-final': nodeProps.node.state.type === 'final',
          'chart-active': isActive(),
        }}
        data-state-id={nodeProps.node.state.id}
        data-active={isActive() ? 'true' : undefined}
        title={nodeProps.node.state.description ?? nodeProps.node.state.id}
      >
        <span class="chart-label">
          {nodeProps.node.state.key}
          <Show when={isActive()}>
            <span class="visually-hidden"> (active)</span>
          </Show>
        </span>
        <Show when={isContainer}>
          <ol class="chart-children">
            <For each={nodeProps.node.children}>{(child) => <Node node={child} depth={nodeProps.depth + 1} />}</For>
          </ol>
        </Show>
      </li>
    );
  };
  return (
    <figure class="chart" aria-label={`Workflow ${props.graph.id}`}>
      <ol class="chart-children chart-root">
        <For each={tree()}>{(node) => <Node node={node} depth={0} />}</For>
      </ol>
      {/* Event and guard names are the machine's, not the person's: they stay under Details. */}
      <Show when={next().length > 0}>
        <figcaption class="chart-next">
          <details class="chart-details">
            <summary>Details</summary>
            <span class="field-label field-label-small">Events from here</span>
            <For each={next().slice(0, 8)}>
              {(transition) => (
                <span class="chart-edge">
                  <span class="mono">{transition.label}</span> → {transition.targets.join(', ')}
                  {transition.guard ? <span class="chart-guard"> [{transition.guard}]</span> : null}
                </span>
              )}
            </For>
          </details>
        </figcaption>
      </Show>
    </figure>
  );
};
