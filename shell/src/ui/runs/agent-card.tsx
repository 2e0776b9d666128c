import type { AgentView, ErrorData } from '@kanbots/core/protocol';
import { For, Show, createEffect, createSignal, onCleanup, type Component } from 'solid-js';
import { formatCost, formatTokens } from './run-status.js';
import { ToolCallItem } from './tool-call-item.js';
import { modelDescription, modelLabel } from './model-label.js';

const WORKING_STATES = new Set(['preparing', 'requesting', 'runningTools', 'awaitingApproval', 'backingOff', 'running']);

/** Seconds until `at`, ticking once a second while shown. */
function useSecondsUntil(at: () => number | undefined): () => number | undefined {
  const [now, setNow] = createSignal(Date.now());
  const timer = setInterval(() => setNow(Date.now()), 1000);
  onCleanup(() => clearInterval(timer));
  return () => {
    const target = at();
    return target === undefined ? undefined : Math.max(0, Math.ceil((target - now()) / 1000));
  };
}

/**
 * One agent of a run: who it is, what it is doing (in words; the machine state only in the
 * tooltip), its streamed text, tool calls and spend; pause or resume it alone. While it waits to
 * retry the model: a countdown and "Stop retrying" (the run stops with the last error and asks the person; Retry step goes on).
 */
export const AgentCard: Component<{
  agent: AgentView;
  text: string;
  /** The run's own error: said once, in the run's failure box, so the agent does not repeat it. */
  runError?: ErrorData | undefined;
  pause?: () => void;
  resume?: () => void;
  stopRetrying?: () => void;
}> = (props) => {
  const retryIn = useSecondsUntil(() => (props.agent.state === 'backingOff' ? props.agent.retryAt : undefined));
  let textElement: HTMLPreElement | undefined;
  createEffect(() => {
    props.text;
    // Follow the stream while the reader is at the bottom.
    if (textElement && textElement.scrollHeight - textElement.scrollTop - textElement.clientHeight < 40) textElement.scrollTop = textElement.scrollHeight;
  });
  return (
    <article class="agent" data-agent-id={props.agent.id} data-state={props.agent.state} aria-label={`${props.agent.role} agent`}>
      <header class="agent-header">
        <span class="agent-role">{props.agent.role}</span>
        <span class="agent-persona">{props.agent.persona}</span>
        <span class="spacer" />
        <span class="agent-usage" title={`${props.agent.usage.inputTokens} input and ${props.agent.usage.outputTokens} output tokens`}>
          {formatTokens(props.agent.usage.inputTokens + props.agent.usage.outputTokens)} tok · {formatCost(props.agent.usage.costUsd)}
        </span>
      </header>
      <p class="agent-status" role="status">
        {/* A failure's cause is said once, in the run's box above: here only that this agent stopped. */}
        {props.runError !== undefined && props.agent.state === 'failed' && props.agent.statusText.includes(props.runError.message) ? 'Stopped — why is said above' : props.agent.statusText}
        {props.agent.turn > 0 ? <span class="agent-turn"> · turn {props.agent.turn}</span> : null}
      </p>
      <Show when={retryIn()}>
        {(seconds) => (
          <div class="agent-retry" role="status" data-testid="retry-countdown">
            <span>Trying again in {seconds()} s.</span>
            <Show when={props.stopRetrying}>
              <button type="button" class="button button-small" onClick={() => props.stopRetrying?.()}>
                Stop retrying
              </button>
            </Show>
          </div>
        )}
      </Show>
      <Show when={props.pause && WORKING_STATES.has(props.agent.state)}>
        <div class="agent-controls">
          <button type="button" class="button button-small" onClick={() => props.pause?.()} aria-label={`Pause the ${props.agent.role} agent`}>
            Pause agent
          </button>
        </div>
      </Show>
      <Show when={props.resume && props.agent.state === 'paused'}>
        <div class="agent-controls">
          <button type="button" class="button button-small" onClick={() => props.resume?.()} aria-label={`Resume the ${props.agent.role} agent`}>
            Resume agent
          </button>
        </div>
      </Show>
      <Show when={props.agent.error && props.agent.error.message !== props.runError?.message ? props.agent.error : undefined}>
        {(error) => (
          <p class="run-error" role="alert">
            {error().message}
          </p>
        )}
      </Show>
      <Show when={props.text}>
        <pre ref={textElement} class="agent-text" aria-live="off">
          {props.text}
        </pre>
      </Show>
      <Show when={props.agent.toolCalls.length > 0}>
        <ol class="tool-calls" aria-label="Tool calls">
          <For each={props.agent.toolCalls}>{(call) => <ToolCallItem call={call} />}</For>
        </ol>
      </Show>
      {/* The model's id, the provider and the machine state are for whoever looks under Details. */}
      <details class="agent-details">
        <summary>Details</summary>
        <p class="mono agent-model" title={modelDescription(props.agent)}>
          {modelDescription(props.agent)}
        </p>
        <p class="mono agent-machine-state">state: {props.agent.state}</p>
      </details>
    </article>
  );
};
