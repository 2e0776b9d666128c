import { render } from 'solid-js/web';
import { AppContext } from '../../src/ui/app-context.js';
import { AppShell } from '../../src/ui/components/app-shell.js';
import { createAppState, type AppState, type AppStateOptions } from '../../src/ui/state/app-state.js';
import type { Transport } from '../../src/ui/transport/transport.js';
import { WebSocketTransport } from '../../src/ui/transport/websocket-transport.js';
import { nodeSocketFactory, until, type ProtocolPeer } from './protocol-peer.js';

/** Mounts the whole UI in the test's DOM, connected to `peer`; returns the state and a cleanup. */
export function renderApp(peer: ProtocolPeer, options: AppStateOptions = {}): Promise<{ app: AppState; root: HTMLElement; unmount: () => void }> {
  return renderAppOver(new WebSocketTransport(peer.url, nodeSocketFactory), options, (root) => root.querySelector('.card') !== null);
}

/** Mounts the whole UI over any transport (e.g. one straight into a real host's protocol hub). */
export async function renderAppOver(
  transport: Transport,
  options: AppStateOptions = {},
  ready: (root: HTMLElement) => boolean = (root) => root.querySelector('.board, .column') !== null,
): Promise<{ app: AppState; root: HTMLElement; unmount: () => void }> {
  const root = document.createElement('div');
  document.body.append(root);
  let app!: AppState;
  const dispose = render(() => {
    app = createAppState(transport, { useBoardCache: false, ...options });
    return (
      <AppContext.Provider value={app}>
        <AppShell />
      </AppContext.Provider>
    );
  }, root);
  await app.start();
  await until(() => app.connectionState() === 'online' && ready(root));
  return {
    app,
    root,
    unmount: () => {
      app.stop();
      dispose();
      root.remove();
    },
  };
}

/** Card titles per column as they appear on screen, in DOM order. */
export function titlesOnScreen(root: HTMLElement): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const column of root.querySelectorAll<HTMLElement>('.column')) {
    const name = column.querySelector('.column-name')?.textContent ?? '?';
    result[name] = [...column.querySelectorAll('.card .card-title')].map((title) => title.textContent ?? '');
  }
  return result;
}
