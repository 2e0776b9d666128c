import type { MachineGraph } from '@kanbots/core/protocol';
import { For, Show, createMemo, createResource, type Component } from 'solid-js';
import { activeStateIds } from '../runs/statechart-diagram.js';
import { layOutStatechart } from './statechart-layout.js';

/** The workflow as a statechart drawing: states as boxes, transitions as arrows with their events, the active state lit. */
export const StatechartPicture: Component<{ graph: MachineGraph; active: readonly string[]; title: string }> = (props) => {
  const [picture] = createResource(() => props.graph, layOutStatechart);
  const lit = createMemo(() => activeStateIds(props.graph, props.active));
  const path = (points: readonly { x: number; y: number }[]): string => points.map((point, index) => `${index === 0 ? 'M' : 'L'}${point.x.toFixed(1)},${point.y.toFixed(1)}`).join(' ');
  return (
    <Show when={picture()} fallback={<p class="field-hint">{picture.error ? 'The diagram could not be drawn.' : 'Drawing the diagram…'}</p>}>
      {(drawn) => (
        <div class="statechart-picture">
          <svg viewBox={`0 0 ${drawn().width} ${drawn().height}`} width={drawn().width} height={drawn().height} style={{ 'max-width': '100%', height: 'auto' }} role="img" aria-label={props.title} data-testid="statechart-svg">
            <defs>
              <marker id="statechart-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                <path d="M0,0 L10,5 L0,10 z" class="statechart-arrowhead" />
              </marker>
            </defs>
            <For each={drawn().edges}>
              {(edge) => (
                <g class="statechart-edge" classList={{ 'statechart-edge-live': lit().has(edge.source) }}>
                  <path d={path(edge.points)} marker-end="url(#statechart-arrow)" />
                  <Show when={edge.labelAt}>
                    {(at) => (
                      <text x={at().x} y={at().y + 4} text-anchor="middle">
                        {edge.label}
                      </text>
                    )}
                  </Show>
                </g>
              )}
            </For>
            <For each={drawn().nodes}>
              {(node) => (
                <g class="statechart-node" classList={{ 'statechart-node-active': lit().has(node.id), 'statechart-node-final': node.final }} data-state-id={node.id} data-active={lit().has(node.id) ? 'true' : undefined}>
                  <rect x={node.x - node.width / 2} y={node.y - node.height / 2} width={node.width} height={node.height} rx="8" />
                  <text x={node.x} y={node.y + 4} text-anchor="middle">
                    {node.key}
                  </text>
                </g>
              )}
            </For>
          </svg>
        </div>
      )}
    </Show>
  );
};
