/**
 * Every Neutralino call the UI makes, in one module (STYLE §14). The Neutralino client library is
 * the global `Neutralino` the runtime injects (with `window.NL_PORT` and friends); nothing else in
 * the UI touches it.
 */

export const HOST_EXTENSION_ID = 'js.kanbots.host';
export const MESSAGE_EVENT = 'kanbots.message';

interface NeutralinoGlobal {
  init(): void;
  extensions: { dispatch(extensionId: string, event: string, data: unknown): Promise<unknown> };
  os?: { showNotification(title: string, content: string, icon?: string): Promise<unknown> };
  events: {
    on(event: string, handler: (event: CustomEvent) => void): Promise<unknown>;
    off(event: string, handler: (event: CustomEvent) => void): Promise<unknown>;
  };
}

function neutralinoGlobal(): NeutralinoGlobal | undefined {
  return (globalThis as { Neutralino?: NeutralinoGlobal }).Neutralino;
}

/** True when the page runs inside a Neutralino window. */
export function isNeutralinoWindow(): boolean {
  return neutralinoGlobal() !== undefined || (globalThis as { NL_PORT?: unknown }).NL_PORT !== undefined;
}

let initialised = false;

function ready(): NeutralinoGlobal {
  const neutralino = neutralinoGlobal();
  if (!neutralino) throw new Error('The Neutralino runtime is not available');
  if (!initialised) {
    neutralino.init();
    initialised = true;
  }
  return neutralino;
}

/** Sends one protocol message to the host extension. */
export async function sendToHostExtension(message: object): Promise<void> {
  await ready().extensions.dispatch(HOST_EXTENSION_ID, MESSAGE_EVENT, message);
}

/** Listens for the host extension's messages; returns a function that stops listening. */
export function listenToHostExtension(handler: (message: unknown) => void): () => void {
  const neutralino = ready();
  const listener = (event: CustomEvent): void => handler(event.detail);
  void neutralino.events.on(MESSAGE_EVENT, listener);
  return () => void neutralino.events.off(MESSAGE_EVENT, listener);
}

/** Shows a system notification from the desktop window (`os.showNotification`). */
export async function showOsNotification(title: string, content: string): Promise<void> {
  await ready().os?.showNotification(title, content);
}
