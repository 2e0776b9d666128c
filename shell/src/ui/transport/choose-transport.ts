import { isNeutralinoWindow } from './neutralino-bridge.js';
import { NeutralinoTransport } from './neutralino-transport.js';
import { takeSessionToken } from './session-token.js';
import type { Transport } from './transport.js';
import { WebSocketTransport, hostSocketUrl } from './websocket-transport.js';

/** Neutralino's channel inside the desktop window, otherwise a WebSocket to the serving host. */
export function chooseTransport(): Transport {
  if (isNeutralinoWindow()) return new NeutralinoTransport();
  const token = takeSessionToken({ location: window.location, history: window.history, storage: window.sessionStorage }) ?? '';
  return new WebSocketTransport(hostSocketUrl(window.location, token));
}
