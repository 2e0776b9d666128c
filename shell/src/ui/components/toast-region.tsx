import { For, Show, createMemo, type Component } from 'solid-js';
import type { Toast } from '../state/toast-store.js';

/** How many toasts show at once beside an open card panel (the rest wait their turn or expire). */
export const TOASTS_BESIDE_PANEL = 3;

/**
 * Toasts in a polite live region (errors are announced assertively); a toast may carry one action
 * such as Undo. While a card panel is open (`besidePanel`: its width in px) they sit over the board
 * to its left, never over the panel, and only the newest few show.
 */
export const ToastRegion: Component<{ toasts: readonly Toast[]; dismiss: (id: number) => void; act: (id: number) => void; besidePanel?: number | undefined }> = (props) => {
  const shown = createMemo(() => (props.besidePanel === undefined ? props.toasts : props.toasts.slice(-TOASTS_BESIDE_PANEL)));
  return (
    <div
      class="toasts"
      classList={{ 'toasts-beside-panel': props.besidePanel !== undefined }}
      style={props.besidePanel === undefined ? undefined : { right: `calc(min(${props.besidePanel}px, 70vw) + 12px)` }}
      aria-live="assertive"
      aria-relevant="additions"
      role="region"
      aria-label="Notifications"
    >
      <For each={shown()}>
        {(toast) => (
          <div class="toast" data-tone={toast.tone} role={toast.tone === 'error' ? 'alert' : 'status'}>
            <span class="toast-message">{toast.message}</span>
            <Show when={toast.action}>
              {(action) => (
                <button type="button" class="button button-small toast-action" onClick={() => props.act(toast.id)}>
                  {action().label}
                </button>
              )}
            </Show>
            <button type="button" class="icon-button" aria-label="Dismiss" onClick={() => props.dismiss(toast.id)}>
              ×
            </button>
          </div>
        )}
      </For>
    </div>
  );
};
