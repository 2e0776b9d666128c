import { isNeutralinoWindow, showOsNotification } from '../transport/neutralino-bridge.js';

/**
 * Where a notification goes: the desktop window uses Neutralino's `os.showNotification` (through
 * the one Neutralino module); a browser tab uses the Notification API, once the user allowed it.
 * When that path cannot show anything — on Linux the window's runtime needs zenity or kdialog (the
 * host supervisor checks), a tab may be refused permission — the notification becomes an in-app
 * toast instead, and the first time it says why.
 */
export interface NotificationSink {
  /** Asks for permission when it is still undecided; call from a user gesture (a click). */
  requestPermission(): void;
  show(title: string, body: string, tag: string): void;
}

export interface NotificationSinkOptions {
  /** Shows a message inside the app (the fallback); a newer one with the same key replaces the older. */
  toast(message: string, key?: string): void;
  /** In the window: whether system notifications can show here (undefined while unknown). */
  osNotifications?: () => boolean | undefined;
}

type BrowserNotification = typeof globalThis.Notification;

function browserNotification(): BrowserNotification | undefined {
  return (globalThis as { Notification?: BrowserNotification }).Notification;
}

export const WINDOW_FALLBACK_NOTE = 'System notifications cannot show on this computer (the desktop window needs zenity or kdialog on Linux), so Kanbots shows them here instead.';
export const BROWSER_FALLBACK_NOTE = 'This browser does not allow notifications from Kanbots, so they are shown here instead.';

export function createNotificationSink(options: NotificationSinkOptions): NotificationSink {
  let explained = false;
  const inApp = (note: string, title: string, body: string, tag: string): void => {
    if (!explained) {
      explained = true;
      options.toast(note);
    }
    // One toast per tag (a run's "needs you"): a second request replaces the first instead of stacking.
    options.toast(`${title} — ${body}`, tag);
  };
  if (isNeutralinoWindow()) {
    return {
      requestPermission() {},
      show(title, body, tag) {
        if (options.osNotifications?.() === false) return inApp(WINDOW_FALLBACK_NOTE, title, body, tag);
        void showOsNotification(title, body).catch(() => inApp(WINDOW_FALLBACK_NOTE, title, body, tag));
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
      if (!api || api.permission !== 'granted') return inApp(BROWSER_FALLBACK_NOTE, title, body, tag);
      try {
        new api(title, { body, tag });
      } catch {
        // Some browsers only allow notifications from a service worker.
        inApp(BROWSER_FALLBACK_NOTE, title, body, tag);
      }
    },
  };
}
