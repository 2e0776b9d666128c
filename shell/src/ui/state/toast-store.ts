import { createSignal, type Accessor } from 'solid-js';

export interface Toast {
  id: number;
  tone: 'error' | 'info';
  message: string;
}

export interface ToastStore {
  toasts: Accessor<readonly Toast[]>;
  show(tone: Toast['tone'], message: string): void;
  dismiss(id: number): void;
}

/** Short messages shown in an aria-live region; each goes away on its own after a while. */
export function createToastStore(options: { lifetimeMs?: number } = {}): ToastStore {
  const lifetimeMs = options.lifetimeMs ?? 6_000;
  const [toasts, setToasts] = createSignal<readonly Toast[]>([]);
  let nextId = 1;
  const dismiss = (id: number): void => {
    setToasts((list) => list.filter((toast) => toast.id !== id));
  };
  return {
    toasts,
    dismiss,
    show(tone, message) {
      const id = nextId++;
      setToasts((list) => [...list.slice(-4), { id, tone, message }]);
      setTimeout(() => dismiss(id), lifetimeMs);
    },
  };
}
