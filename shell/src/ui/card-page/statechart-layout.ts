import type { MachineGraph } from '@kanbots/core/protocol';

/** Where each state and transition of a statechart is drawn (dagre's layout, in SVG units). */
export interface StatechartPicture {
  width: number;
  height: number;
  nodes: { id: string; key: string; x: number; y: number; width: number; height: number; final: boolean }[];
  edges: { source: string; target: string; label: string; points: { x: number; y: number }[]; labelAt?: { x: number; y: number } }[];
}

const CHARACTER_WIDTH = 7.2;

/**
 * Lays a machine graph out with dagre (loaded on demand: the board never pays for it). The
 * workflows are flat; a compound state is drawn through its initial child (transitions into it
 * go there, out of it leave from there), so every state that can be active is a box.
 */
export async function layOutStatechart(graph: MachineGraph): Promise<StatechartPicture> {
  const { default: dagre } = await import('@dagrejs/dagre');
  const parents = new Set(graph.states.flatMap((state) => (state.parent === undefined ? [] : [state.parent])));
  const byId = new Map(graph.states.map((state) => [state.id, state]));
  const drawnAs = (id: string): string => {
    let state = byId.get(id);
    while (state && parents.has(state.id)) {
      const child = state.initial ?? graph.states.find((candidate) => candidate.parent === state!.id)?.id;
      if (child === undefined) break;
      state = byId.get(child);
    }
    return state?.id ?? id;
  };
  const layout = new dagre.graphlib.Graph({ multigraph: true });
  layout.setGraph({ rankdir: 'LR', nodesep: 24, ranksep: 56, edgesep: 12, marginx: 12, marginy: 12 });
  layout.setDefaultEdgeLabel(() => ({}));
  for (const state of graph.states) {
    if (parents.has(state.id)) continue;
    layout.setNode(state.id, { width: Math.max(64, state.key.length * CHARACTER_WIDTH + 24), height: 30 });
  }
  const seen = new Set<string>();
  graph.transitions.forEach((transition, index) => {
    const source = drawnAs(transition.source);
    const target = drawnAs(transition.target);
    if (!layout.hasNode(source) || !layout.hasNode(target)) return;
    const key = `${source}\u0000${target}\u0000${transition.label}`;
    if (seen.has(key)) return;
    seen.add(key);
    const label = transition.label === 'always' ? '' : transition.label;
    layout.setEdge(source, target, { label, width: label.length * 6, height: label ? 14 : 0, labelpos: 'c' }, `e${index}`);
  });
  dagre.layout(layout);
  const size = layout.graph();
  return {
    width: Math.ceil(size.width ?? 0),
    height: Math.ceil(size.height ?? 0),
    nodes: layout.nodes().map((id: string) => {
      const node = layout.node(id);
      const state = byId.get(id)!;
      return { id, key: state.key, x: node.x, y: node.y, width: node.width, height: node.height, final: state.type === 'final' };
    }),
    edges: layout.edges().map((edge: { v: string; w: string; name?: string }) => {
      const data = layout.edge(edge) as { label?: string; points?: { x: number; y: number }[]; x?: number; y?: number };
      return { source: edge.v, target: edge.w, label: data.label ?? '', points: data.points ?? [], ...(data.label && data.x !== undefined && data.y !== undefined ? { labelAt: { x: data.x, y: data.y } } : {}) };
    }),
  };
}
