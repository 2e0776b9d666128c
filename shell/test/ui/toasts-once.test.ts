import { createRoot } from 'solid-js';
import { afterEach, describe, expect, it } from 'vitest';
import { createNotificationSink } from '../../src/ui/notifications/notification-sink.js';
import { createToastStore } from '../../src/ui/state/toast-store.js';

/** Each thing is said once: no two toasts with the same words, one "needs you" toast per run at a time. */
describe('toasts said once', () => {
  const globals = globalThis as { Notification?: unknown };
  const saved = globals.Notification;
  afterEach(() => {
    globals.Notification = saved;
  });

  it('the same words while they are still showing make no second toast; an action toast (Undo) always shows', () => {
    createRoot((dispose) => {
      const toasts = createToastStore();
      toasts.show('error', 'Could not save the card.');
      toasts.show('error', 'Could not save the card.');
      toasts.show('info', 'Could not save the card.');
      expect(toasts.toasts().map((toast) => [toast.tone, toast.message])).toEqual([
        ['error', 'Could not save the card.'],
        ['info', 'Could not save the card.'],
      ]);
      toasts.show('info', 'Card archived.', { action: { label: 'Undo', run: () => {} } });
      toasts.show('info', 'Card archived.', { action: { label: 'Undo', run: () => {} } });
      expect(toasts.toasts().filter((toast) => toast.message === 'Card archived.')).toHaveLength(2);
      dispose();
    });
  });

  it('two approval requests of one run in a tab without notifications: one toast, the newer request', () => {
    globals.Notification = { permission: 'denied', requestPermission: () => Promise.resolve('denied') };
    createRoot((dispose) => {
      const toasts = createToastStore();
      const sink = createNotificationSink({ toast: (message, key) => toasts.show('info', message, key === undefined ? {} : { key }) });
      sink.show('“Sum” needs you', 'Tester wants to run `sh test.sh`', 'kanbots-run-1-needs-you');
      sink.show('“Sum” needs you', 'Tester wants to run `sh test.sh`', 'kanbots-run-1-needs-you');
      sink.show('“Sum” needs you', 'Developer wants to run `npm test`', 'kanbots-run-1-needs-you');
      const messages = toasts.toasts().map((toast) => toast.message);
      expect(messages.filter((message) => message.includes('needs you'))).toEqual(['“Sum” needs you — Developer wants to run `npm test`']);
      dispose();
    });
  });
});
