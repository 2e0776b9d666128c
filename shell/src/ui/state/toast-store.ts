import { createSignal, type Accessor } from 'solid-js';

/** A button on a toast (e.g. "Undo"); pressing it runs `run` and dismisses the toast. */
export interface ToastAction {
  label: string;
  run: () => void;
}

export interface Toast {
  id: number;
  tone: 'error' | 'info';
  message: string;
  action?: ToastAction;
  key?: string;
}

export interface ToastOptions {
  action?: ToastAction;
  /** Called once when the toast goes away without its action being pressed (timeout or dismiss). */
  expire?: () => void;
  /** A newer toast with the same key replaces the older one (e.g. one toast per card). */
  key?: string;
}

export interface ToastStore {
  toasts: Accessor<readonly Toast[]>;
  show(tone: Toast['tone'], message: string, options?: ToastOptions): void;
  dismiss(id: number): void;
  /** Presses a toast's action button. */
  act(id: number): void;
}

/** Short messages shown in an aria-live region; each goes away on its own after a while. */
export function createToastStore(options: { lifetimeMs?: number; actionLifetimeMs?: number } = {}): ToastStore {
  const lifetimeMs = options.lifetimeMs ?? 6_000;
  const actionLifetimeMs = options.actionLifetimeMs ?? 8_000;
  const [toasts, setToasts] = createSignal<readonly Toast[]>([]);
  const expiries = new Map<number, () => void>();
  let nextId = 1;
  const remove = (id: number): void => {
    setToasts((list) => list.filter((toast) => toast.id !== id));
  };
  const dismiss = (id: number): void => {
    const expire = expiries.get(id);
    expiries.delete(id);
    remove(id);
    expire?.();
  };
  return {
    toasts,
    dismiss,
    act(id) {
      const toast = toasts().find((candidate) => candidate.id === id);
      expiries.delete(id);
      remove(id);
      toast?.action?.run();
    },
    show(tone, message, toastOptions = {}) {
      // The same words already showing (and nothing to undo): said once, not twice.
      if (!toastOptions.action && !toastOptions.expire && toasts().some((shown) => shown.message === message && shown.tone === tone && !shown.action)) return;
      const id = nextId++;
      const toast: Toast = { id, tone, message, ...(toastOptions.action ? { action: toastOptions.action } : {}), ...(toastOptions.key ? { key: toastOptions.key } : {}) };
      for (const same of toasts().filter((candidate) => toastOptions.key !== undefined && candidate.key === toastOptions.key)) dismiss(same.id);
      if (toastOptions.expire) expiries.set(id, toastOptions.expire);
      // Older toasts beyond the last five go, and what they were waiting for happens now.
      const overflow = toasts().slice(0, Math.max(0, toasts().length - 4));
      setToasts((list) => [...list.slice(-4), toast]);
      for (const old of overflow) dismiss(old.id);
      setTimeout(() => dismiss(id), toast.action ? actionLifetimeMs : lifetimeMs);
    },
  };
}
