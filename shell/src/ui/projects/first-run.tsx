import { Show, type Component } from 'solid-js';

export interface FirstRunProps {
  addProject: () => void;
  setUpAgent: () => void;
  tryDemo: () => void;
  /** Where the demo stands after "Try the demo" was pressed. */
  demo: { state: 'idle' } | { state: 'starting' } | { state: 'open'; url: string } | { state: 'failed'; message: string };
}

/**
 * What an empty board (no cards, no projects) offers a newcomer: three plain choices. The
 * columns stay below it, so typing a first card works too.
 */
export const FirstRun: Component<FirstRunProps> = (props) => (
  <section class="first-run" aria-labelledby="first-run-heading" data-testid="first-run">
    <h2 id="first-run-heading" class="first-run-title">
      Welcome to Kanbots
    </h2>
    <p class="first-run-text">Cards on this board can be handed to AI agents that work on your code in copies of their own. To begin:</p>
    <ol class="first-run-choices">
      <li class="first-run-choice">
        <button type="button" class="button button-primary" onClick={() => props.addProject()}>
          Add a project
        </button>
        <span class="first-run-hint">Pick a git repository on this computer. Its cards’ agents work on it.</span>
      </li>
      <li class="first-run-choice">
        <button type="button" class="button" onClick={() => props.setUpAgent()}>
          Set up an agent
        </button>
        <span class="first-run-hint">Give an API key (Anthropic, OpenAI or a compatible server), or use the Claude Code or Codex you have installed.</span>
      </li>
      <li class="first-run-choice">
        <button type="button" class="button" onClick={() => props.tryDemo()} disabled={props.demo.state === 'starting'}>
          Try the demo
        </button>
        <span class="first-run-hint">
          <Show when={props.demo.state === 'idle'}>A sample repository and board whose agents follow a script — no AI, no key, nothing leaves this computer. It opens in a new tab; this board stays as it is.</Show>
          <Show when={props.demo.state === 'starting'}>Starting the demo…</Show>
          <Show when={props.demo.state === 'open' ? (props.demo as { url: string }).url : undefined}>
            {(url) => (
              <>
                The demo is running.{' '}
                <a href={url()} target="_blank" rel="noopener" data-testid="demo-link">
                  Open the demo board
                </a>
              </>
            )}
          </Show>
          <Show when={props.demo.state === 'failed' ? (props.demo as { message: string }).message : undefined}>
            {(message) => (
              <span class="run-error" role="alert">
                The demo could not start: {message()}
              </span>
            )}
          </Show>
        </span>
      </li>
    </ol>
  </section>
);
