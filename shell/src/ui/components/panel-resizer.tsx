import type { Component } from 'solid-js';
import { PANEL_WIDTH } from '../state/view-state.js';

/** The side panel's left edge: drag it, or focus it and use ←/→, to change the panel's width. */
export const PanelResizer: Component<{ width: number; resize: (width: number) => void }> = (props) => {
  let startX = 0;
  let startWidth = 0;
  const move = (event: PointerEvent): void => props.resize(startWidth + (startX - event.clientX));
  const stop = (event: PointerEvent): void => {
    const handle = event.currentTarget as HTMLElement;
    handle.removeEventListener('pointermove', move);
    handle.removeEventListener('pointerup', stop);
    handle.classList.remove('resizer-active');
  };
  return (
    <div
      class="resizer"
      role="separator"
      aria-orientation="vertical"
      aria-label="Resize card details"
      aria-valuemin={PANEL_WIDTH.minimum}
      aria-valuemax={PANEL_WIDTH.maximum}
      aria-valuenow={props.width}
      tabIndex={0}
      onPointerDown={(event) => {
        const handle = event.currentTarget;
        startX = event.clientX;
        startWidth = props.width;
        handle.setPointerCapture(event.pointerId);
        handle.classList.add('resizer-active');
        handle.addEventListener('pointermove', move);
        handle.addEventListener('pointerup', stop);
      }}
      onKeyDown={(event) => {
        const step = event.shiftKey ? 64 : 16;
        if (event.key === 'ArrowLeft') props.resize(props.width + step);
        else if (event.key === 'ArrowRight') props.resize(props.width - step);
        else return;
        event.preventDefault();
      }}
    />
  );
};
