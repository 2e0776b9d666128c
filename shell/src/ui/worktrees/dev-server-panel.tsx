import type { DevServerViewData } from '@kanbots/core/protocol';
import { Show, onMount, type Component } from 'solid-js';

export interface DevServerPanelProps {
  server: DevServerViewData | undefined;
  problem: string | undefined;
  busy: boolean;
  /** Asks the host for the card's server when the panel appears. */
  load?: () => void;
  start: () => void;
  stop: () => void;
}

function endWords(server: DevServerViewData): string {
  if (server.state === 'stopped') return 'Stopped.';
  return server.exitCode === null || server.exitCode === undefined ? 'It ended.' : `It ended by itself (exit ${server.exitCode}).`;
}

/**
 * A card's dev server: the project's run script in the card's worktree, on its ports. Start and
 * Stop; the address it printed as a link; its output as it comes (the end of it).
 */
export const DevServerPanel: Component<DevServerPanelProps> = (props) => {
  onMount(() => props.load?.());
  const running = () => props.server?.state === 'running';
  return (
    <section class="dev-server" aria-label="Dev server" data-testid="dev-server" data-state={props.server?.state ?? 'none'}>
      <div class="dev-server-header">
        <h3 class="dev-server-title">Dev server</h3>
        <Show when={props.server}>
          {(server) => (
            <span class="dev-server-status" role="status">
              {server().state === 'running' ? `Running on port ${server().port}` : endWords(server())}
            </span>
          )}
        </Show>
        <Show when={running() ? props.server?.url : undefined}>
          {(url) => (
            <a class="dev-server-link" href={url()} target="_blank" rel="noopener noreferrer">
              {url()}
            </a>
          )}
        </Show>
        <span class="spacer" />
        <Show
          when={running()}
          fallback={
            <button type="button" class="button button-small" disabled={props.busy} onClick={() => props.start()}>
              Start dev server
            </button>
          }
        >
          <button type="button" class="button button-small" disabled={props.busy} onClick={() => props.stop()}>
            Stop dev server
          </button>
        </Show>
      </div>
      <Show when={props.problem}>{(problem) => <p class="field-error" role="alert">{problem()}</p>}</Show>
      <Show when={props.server}>
        {(server) => (
          <>
            <p class="field-hint mono dev-server-script">{server().script}</p>
            <pre class="dev-server-output" data-testid="dev-server-output" aria-label="Dev server output" tabIndex={0}>
              {server().output === '' ? 'No output yet.' : server().output}
            </pre>
          </>
        )}
      </Show>
    </section>
  );
};
