import type { Component } from 'solid-js';
import type { ConnectionState } from '../transport/host-connection.js';
import type { BoardSource } from '../state/board-store.js';

const LABELS: Record<ConnectionState, string> = {
  connecting: 'Connecting…',
  online: 'Connected',
  reconnecting: 'Reconnecting…',
  offline: 'Host not responding',
  unauthorized: 'Token refused',
};

/** A dot and a word for the host connection, plus a "cached" badge while the board is from cache. */
export const ConnectionIndicator: Component<{ state: ConnectionState; source: BoardSource; pending: number }> = (props) => (
  <div class="connection" role="status" aria-live="polite" title={LABELS[props.state]}>
    {props.source === 'cache' ? (
      <span class="badge badge-cached" title="Showing the last board saved on this device until the host answers">
        Cached
      </span>
    ) : null}
    <span class="connection-dot" data-state={props.state} aria-hidden="true" />
    <span class="connection-label" data-testid="connection-state" data-state={props.state}>
      {LABELS[props.state]}
    </span>
    {props.pending > 0 ? <span class="connection-pending" title="Changes waiting for the host">Saving…</span> : null}
  </div>
);
