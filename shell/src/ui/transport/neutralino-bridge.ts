import { events, extensions, init, os } from '@neutralinojs/lib';

/**
 * Every Neutralino call the UI makes, in one module (STYLE §14). The client library is imported
 * here and nowhere else, and initialised once, only inside a Neutralino window: the runtime injects
 * `NL_PORT`, `NL_TOKEN` and friends (`modes.window.injectGlobals`), and `init()` opens the page's
 * connection to it with that one-time token. The config therefore does not also inject the client
 * library (`injectClientLibrary`), which would make the runtime hand out the token a second time
 * (as an empty string) and the connection fail (neutralino.config.json; its contract test says
 * why in the runtime's own words).
 */

export const HOST_EXTENSION_ID = 'js.kanbots.host';
export const MESSAGE_EVENT = 'kanbots.message';
/** The extension that runs and restarts the host (shell/src/host/neutralino-supervisor.ts). */
export const SUPERVISOR_EXTENSION_ID = 'js.kanbots.supervisor';
export const HOST_STATUS_REQUEST_EVENT = 'kanbots.host-status.request';

interface NeutralinoGlobals {
  NL_PORT?: unknown;
  NL_TOKEN?: unknown;
}

/** True when the page runs inside a Neutralino window (the runtime injected its globals). */
export function isNeutralinoWindow(): boolean {
  const globals = globalThis as NeutralinoGlobals;
  return globals.NL_PORT !== undefined && typeof globals.NL_TOKEN === 'string';
}

let initialised = false;

function ready(): void {
  if (!isNeutralinoWindow()) throw new Error('The Neutralino runtime is not available');
  if (initialised) return;
  // Custom methods would be attached to a global `Neutralino` object, which an imported library
  // does not create; Kanbots defines none.
  init({ exportCustomMethods: false });
  initialised = true;
}

/** Sends one protocol message to the host extension. */
export async function sendToHostExtension(message: object): Promise<void> {
  ready();
  await extensions.dispatch(HOST_EXTENSION_ID, MESSAGE_EVENT, message);
}

/** Listens for one of the runtime's events (`app.broadcast` from an extension arrives so). */
export function listenToNeutralinoEvent(event: string, handler: (detail: unknown) => void): () => void {
  ready();
  const listener = (received: CustomEvent): void => handler(received.detail);
  void events.on(event, listener);
  return () => void events.off(event, listener);
}

/** Listens for the host extension's protocol messages; returns a function that stops listening. */
export function listenToHostExtension(handler: (message: unknown) => void): () => void {
  return listenToNeutralinoEvent(MESSAGE_EVENT, handler);
}

/** Asks the supervisor to broadcast the host's status now (it does on every change anyway). */
export async function requestHostStatus(): Promise<void> {
  ready();
  await extensions.dispatch(SUPERVISOR_EXTENSION_ID, HOST_STATUS_REQUEST_EVENT, {});
}

/** Shows a system notification from the desktop window (`os.showNotification`). */
export async function showOsNotification(title: string, content: string): Promise<void> {
  ready();
  await os.showNotification(title, content);
}

/** The system's folder dialog (`os.showFolderDialog`); undefined when the person cancelled. */
export async function chooseFolderInWindow(title: string): Promise<string | undefined> {
  ready();
  const folder = await os.showFolderDialog(title);
  return folder === '' ? undefined : folder;
}

/** Opens an address in the system's browser (`os.open`), e.g. the demo board. */
export async function openInBrowser(url: string): Promise<void> {
  ready();
  await os.open(url);
}
