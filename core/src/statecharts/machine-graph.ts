/**
 * A plain, serialisable picture of a statechart, derived from an XState machine definition: the
 * states (with nesting) and the labelled transitions. The shell draws it with the active states
 * lit; docs/ carries Mermaid diagrams rendered from it.
 */

export interface MachineGraphState {
  /** Full id, e.g. `agent.requesting`. */
  id: string;
  key: string;
  type: 'atomic' | 'compound' | 'parallel' | 'final' | 'history';
  parent?: string;
  /** For compound states: the id of the initial child. */
  initial?: string;
  description?: string;
}

export interface MachineGraphTransition {
  source: string;
  target: string;
  /** A readable label: the event type, `after <delay>`, `done: <actor>`, `error: <actor>`, `always`. */
  label: string;
  guard?: string;
}

export interface MachineGraph {
  id: string;
  /** The root's initial state. */
  initial?: string;
  states: MachineGraphState[];
  transitions: MachineGraphTransition[];
}

/** The parts of an XState StateNode the graph needs (kept structural to stay version-tolerant). */
interface StateNodeLike {
  id: string;
  key: string;
  type: MachineGraphState['type'];
  description?: string;
  states: Record<string, StateNodeLike>;
  transitions: Map<string, TransitionLike[]>;
  always?: TransitionLike[];
  initial: { target: readonly StateNodeLike[] };
  invoke: readonly { id: string; src: unknown }[];
}

interface TransitionLike {
  target?: readonly StateNodeLike[] | undefined;
  guard?: unknown;
  delay?: unknown;
  eventType: string;
}

export function machineToGraph(machine: { root: unknown }): MachineGraph {
  const root = machine.root as StateNodeLike;
  const states: MachineGraphState[] = [];
  const transitions: MachineGraphTransition[] = [];

  const visit = (node: StateNodeLike, parent: string | undefined): void => {
    if (node !== root) {
      const state: MachineGraphState = { id: node.id, key: node.key, type: node.type };
      if (parent !== undefined && parent !== root.id) state.parent = parent;
      const initial = node.initial?.target?.[0];
      if (node.type === 'compound' && initial) state.initial = initial.id;
      if (node.description) state.description = node.description;
      states.push(state);
    }
    for (const [eventType, list] of node.transitions) {
      for (const transition of list) addTransition(node, transition, labelFor(eventType, transition, node));
    }
    for (const transition of node.always ?? []) addTransition(node, transition, 'always');
    for (const child of Object.values(node.states)) visit(child, node.id);
  };

  const addTransition = (node: StateNodeLike, transition: TransitionLike, label: string): void => {
    for (const target of transition.target ?? []) {
      const edge: MachineGraphTransition = { source: node.id, target: target.id, label };
      const guard = guardName(transition.guard);
      if (guard) edge.guard = guard;
      transitions.push(edge);
    }
  };

  visit(root, undefined);
  const graph: MachineGraph = { id: root.id, states, transitions };
  const initial = root.initial?.target?.[0];
  if (initial) graph.initial = initial.id;
  return graph;
}

function labelFor(eventType: string, transition: TransitionLike, node: StateNodeLike): string {
  if (transition.delay !== undefined) return `after ${typeof transition.delay === 'string' ? transition.delay : `${String(transition.delay)} ms`}`;
  const invoked = /^xstate\.(done|error)\.actor\.(.+)$/.exec(eventType);
  if (invoked) {
    const invocation = node.invoke.find((item) => invoked[2] === item.id);
    const name = typeof invocation?.src === 'string' ? invocation.src : invoked[2];
    return `${invoked[1]}: ${name}`;
  }
  const doneState = /^xstate\.done\.state\.(.+)$/.exec(eventType);
  if (doneState) return 'done';
  return eventType;
}

function guardName(guard: unknown): string | undefined {
  if (!guard) return undefined;
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'object' && guard !== null && 'type' in guard && typeof guard.type === 'string') return guard.type;
  if (typeof guard === 'function') return guard.name || 'guard';
  return 'guard';
}
