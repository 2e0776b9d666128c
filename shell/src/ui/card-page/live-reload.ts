import { createEffect, on, onCleanup } from 'solid-js';

/** Calls `reload` when `changed` changes, at most once per `intervalMs` (the run's view changes with every step). */
export function reloadWhenChanged(changed: () => unknown, reload: () => void, intervalMs = 1500): void {
  let last = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  createEffect(
    on(
      changed,
      () => {
        if (timer !== undefined) return;
        timer = setTimeout(() => {
          timer = undefined;
          last = Date.now();
          reload();
        }, Math.max(0, last + intervalMs - Date.now()));
      },
      { defer: true },
    ),
  );
  onCleanup(() => clearTimeout(timer));
}
