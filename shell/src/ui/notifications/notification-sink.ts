import { isNeutralinoWindow, showOsNotification } from '../transport/neutralino-bridge.js';

/**
 * Where a notification goes: the desktop window uses Neutralino's `os.showNotification` (through
 * the one Neutralino module); a browser tab uses the Notification API, once the user allowed it.
 */
export interface NotificationSink {
  /** Asks for permission when it is still undecided; call from a user gesture (a click). */
  requestPermission(): void;
  show(title: string, body: string, tag: string): void;
}

type BrowserNotification = typeof globalThis.Notification;

function browserNotification(): BrowserNotification | undefined {
  return (globalThis as { Notification?: BrowserNotification }).Notification;
}

export function createNotificationSink(): NotificationSink {
  if (isNeutralinoWindow()) {
    return {
      requestPermission() {},
      show(title, body) {
        void showOsNotification(title, body).catch(() => undefined);
      },
    };
  }
  return {
    requestPermission() {
      const api = browserNotification();
      if (api && api.permission === 'default') void api.requestPermission().catch(() => undefined);
    },
    show(title, body, tag) {
      const api = browserNotification();
      if (!api || api.permission !== 'granted') return;
      try {
        new api(title, { body, tag });
      } catch {
        // Some browsers only allow notifications from a service worker: nothing else to do.
      }
    },
  };
}
