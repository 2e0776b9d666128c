import { For, type Component } from 'solid-js';

/** A stable hue per label text, so the same label always has the same colour. */
export function labelHue(label: string): number {
  let hash = 0;
  for (let index = 0; index < label.length; index += 1) hash = (hash * 31 + label.charCodeAt(index)) | 0;
  return Math.abs(hash) % 360;
}

export const CardLabels: Component<{ labels: readonly string[] }> = (props) => (
  <ul class="labels" aria-label="Labels">
    <For each={props.labels}>
      {(label) => (
        <li class="label" style={{ '--label-hue': String(labelHue(label)) }}>
          {label}
        </li>
      )}
    </For>
  </ul>
);
