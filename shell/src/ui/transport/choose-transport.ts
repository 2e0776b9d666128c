import { isNeutralinoWindow } from './neutralino-bridge.js';
import { NeutralinoTransport } from './neutralino-transport.js';
import { takeSessionToken, type TokenEnvironment } from './session-token.js';
import type { Transport } from './transport.js';
import { WebSocketTransport, hostSocketUrl, httpTokenProbe } from './websocket-transport.js';

/**
 * Neutralino's channel inside the desktop window, otherwise a WebSocket to the serving host. In
 * a tab, a new `#token=` (pasted or opened while the tab is open) reconnects with it at once.
 */
export function chooseTransport(): Transport {
  if (isNeutralinoWindow()) return new NeutralinoTransport();
  const environment: TokenEnvironment = { location: window.location, history: window.history, storage: window.sessionStorage };
  let token = takeSessionToken(environment) ?? '';
  const transport = new WebSocketTransport(() => hostSocketUrl(window.location, token), undefined, httpTokenProbe(window.location, () => token));
  window.addEventListener('hashchange', () => {
    const next = takeSessionToken(environment);
    if (next === undefined || next === token) return;
    token = next;
    transport.endpointChanged();
  });
  return transport;
}
