import { afterEach, describe, expect, it } from 'vitest';
import { BROWSER_FALLBACK_NOTE, WINDOW_FALLBACK_NOTE, createNotificationSink } from '../../src/ui/notifications/notification-sink.js';

/** A notification that cannot reach the system becomes an in-app toast, and the first one says why. */
describe('notifications without a system path', () => {
  const globals = globalThis as { NL_PORT?: unknown; NL_TOKEN?: unknown; Notification?: unknown };
  afterEach(() => {
    delete globals.NL_PORT;
    delete globals.NL_TOKEN;
  });

  it('in the desktop window without zenity or kdialog, shows toasts and says so once', () => {
    globals.NL_PORT = 1;
    globals.NL_TOKEN = 'a.b';
    const toasts: string[] = [];
    const sink = createNotificationSink({ toast: (message) => toasts.push(message), osNotifications: () => false });
    sink.show('“Parser” needs you', 'approve run_command', 'a');
    sink.show('“Parser”: merged', 'Merged into main', 'b');
    expect(toasts).toEqual([WINDOW_FALLBACK_NOTE, '“Parser” needs you — approve run_command', '“Parser”: merged — Merged into main']);
  });

  it('in a browser tab that does not allow notifications, shows toasts and says so once', () => {
    const saved = globals.Notification;
    globals.Notification = { permission: 'denied', requestPermission: () => Promise.resolve('denied') };
    try {
      const toasts: string[] = [];
      const sink = createNotificationSink({ toast: (message) => toasts.push(message) });
      sink.show('“Parser” needs you', 'review the work', 'a');
      sink.show('“Docs” needs you', 'review the work', 'b');
      expect(toasts).toEqual([BROWSER_FALLBACK_NOTE, '“Parser” needs you — review the work', '“Docs” needs you — review the work']);
    } finally {
      globals.Notification = saved;
    }
  });
});
