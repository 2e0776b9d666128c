import { Show, type Component } from 'solid-js';
import type { ConnectionState } from '../transport/host-connection.js';
import type { HostStatus } from '../transport/host-status.js';
import type { TransportKind } from '../transport/transport.js';
import '../styles/connection.css';

export interface ConnectionNoticeText {
  tone: 'warning' | 'danger';
  title: string;
  body: string;
  /** The host's own words (a startup error), shown as is. */
  detail?: string;
}

/**
 * What to tell the user when the board cannot talk to its host, in plain words: the host is not
 * answering, it refuses this tab's token, or (in the desktop window) it is being restarted or
 * could not start at all. Nothing while connected or still connecting.
 */
export function connectionNotice(state: ConnectionState, transport: TransportKind, hostStatus: HostStatus | undefined): ConnectionNoticeText | undefined {
  if (hostStatus?.state === 'failed' && state !== 'online') {
    return {
      tone: 'danger',
      title: 'Kanbots’ host could not start',
      body: `It stopped ${hostStatus.attempts === 1 ? 'once' : `${hostStatus.attempts} times`} and the window gave up restarting it. Close the window and open Kanbots again; if it keeps failing, the reason is below.`,
      detail: hostStatus.message,
    };
  }
  if (hostStatus?.state === 'restarting' && state !== 'online') {
    return {
      tone: 'warning',
      title: 'Kanbots’ host stopped — restarting it',
      body: `Attempt ${hostStatus.attempt} of ${hostStatus.maxAttempts}. The board comes back by itself when the host is running again.`,
      detail: hostStatus.reason,
    };
  }
  if (state === 'unauthorized') {
    return {
      tone: 'danger',
      title: 'The host refuses this tab’s token',
      body: 'Kanbots is running, but this page’s address has no valid token (it may have been replaced). Open the address “kanbots serve” printed, or run “kanbots token” and add #token=<token> to this page’s address.',
    };
  }
  if (state === 'offline') {
    return {
      tone: 'danger',
      title: 'Host not responding',
      body:
        transport === 'neutralino'
          ? 'Kanbots’ host process is not answering. Changes you make now are not saved; the board comes back by itself when the host does.'
          : 'Kanbots’ host is not running or not answering. Start it again (“kanbots serve” or “npm start”); this tab reconnects by itself.',
    };
  }
  return undefined;
}

/** A banner under the header while the host cannot be reached (see `connectionNotice`). */
export const ConnectionNotice: Component<{ state: ConnectionState; transport: TransportKind; hostStatus: HostStatus | undefined }> = (props) => {
  const notice = () => connectionNotice(props.state, props.transport, props.hostStatus);
  return (
    <Show when={notice()} keyed>
      {(text) => (
        <div class="connection-notice" data-tone={text.tone} role="alert" data-testid="connection-notice">
          <strong class="connection-notice-title">{text.title}</strong>
          <span class="connection-notice-body">{text.body}</span>
          {text.detail ? <pre class="connection-notice-detail">{text.detail}</pre> : null}
        </div>
      )}
    </Show>
  );
};
