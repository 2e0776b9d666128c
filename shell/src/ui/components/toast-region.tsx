import { For, Show, type Component } from 'solid-js';
import type { Toast } from '../state/toast-store.js';

/** Toasts in a polite live region (errors are announced assertively); a toast may carry one action such as Undo. */
export const ToastRegion: Component<{ toasts: readonly Toast[]; dismiss: (id: number) => void; act: (id: number) => void }> = (props) => (
  <div class="toasts" aria-live="assertive" aria-relevant="additions" role="region" aria-label="Notifications">
    <For each={props.toasts}>
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
