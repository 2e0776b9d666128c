import type { MachineGraph, MachineGraphState } from './machine-graph.js';

/**
 * Renders a machine graph as a Mermaid `stateDiagram-v2` (deterministic output). Transitions the
 * machine takes from any state (root-level `on`) start at a pseudo-state "any state".
 */
export function graphToMermaid(graph: MachineGraph): string {
  const lines: string[] = ['stateDiagram-v2'];
  const children = new Map<string | undefined, MachineGraphState[]>();
  for (const state of graph.states) {
    const list = children.get(state.parent) ?? [];
    list.push(state);
    children.set(state.parent, list);
  }
  const byId = new Map(graph.states.map((state) => [state.id, state]));
  const nodeId = (id: string) => (id === graph.id ? 'any_state' : id.replace(/[^A-Za-z0-9_]/g, '_'));
  const label = (text: string) => text.replace(/:/g, '∶').replace(/"/g, "'");

  const emit = (parent: string | undefined, indent: string, initial: string | undefined): void => {
    if (initial) lines.push(`${indent}[*] --> ${nodeId(initial)}`);
    for (const state of children.get(parent) ?? []) {
      const name = state.type === 'history' ? `${state.key} (history)` : state.key;
      if (children.has(state.id)) {
        lines.push(`${indent}state "${label(name)}" as ${nodeId(state.id)} {`);
        emit(state.id, `${indent}  `, state.initial);
        lines.push(`${indent}}`);
      } else lines.push(`${indent}state "${label(name)}" as ${nodeId(state.id)}`);
      if (state.type === 'final') lines.push(`${indent}${nodeId(state.id)} --> [*]`);
    }
    for (const transition of graph.transitions) {
      const sourceParent = transition.source === graph.id ? undefined : byId.get(transition.source)?.parent;
      if (sourceParent !== parent) continue;
      const text = transition.guard ? `${transition.label} [${transition.guard}]` : transition.label;
      lines.push(`${indent}${nodeId(transition.source)} --> ${nodeId(transition.target)} : ${label(text)}`);
    }
  };

  if (graph.transitions.some((transition) => transition.source === graph.id)) lines.push('  state "any state" as any_state');
  emit(undefined, '  ', graph.initial);
  return `${lines.join('\n')}\n`;
}
