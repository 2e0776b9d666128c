import { toolCallWords, type ToolCallView } from '@kanbots/core/protocol';
import { Show, type Component } from 'solid-js';
import { summariseInput } from '../inbox/needs-you.js';
import { DiffView } from './diff-view.js';

const STATUS_WORDS: Record<ToolCallView['status'], string> = {
  running: 'running',
  awaiting_approval: 'waiting for approval',
  done: 'done',
  failed: 'failed',
  denied: 'denied',
};

function pathOf(input: unknown): string | undefined {
  if (typeof input !== 'object' || input === null) return undefined;
  const record = input as Record<string, unknown>;
  const path = record['path'] ?? record['file'] ?? record['file_path'];
  return typeof path === 'string' ? path : undefined;
}

/** One tool call in words ("Run `npm test`"), its status; the tool's name, arguments, result and diff on demand. */
export const ToolCallItem: Component<{ call: ToolCallView }> = (props) => {
  const words = () => toolCallWords(props.call.name, props.call.input);
  return (
    <li class="tool-call" data-status={props.call.status} data-call-id={props.call.callId}>
      <details open={props.call.diff !== undefined && props.call.status !== 'failed'}>
        <summary class="tool-call-summary">
          <span class="tool-call-dot" aria-hidden="true" />
          <span class="tool-call-words">{words().label}</span>
          <Show when={words().subject}>{(subject) => <span class="tool-call-input mono">{summariseInput(subject(), 80)}</span>}</Show>
          <span class="tool-call-status">
            {STATUS_WORDS[props.call.status]}
            {props.call.durationMs !== undefined ? ` · ${(props.call.durationMs / 1000).toFixed(1)} s` : ''}
          </span>
        </summary>
        <div class="tool-call-details">
          <span class="field-label field-label-small">
            Tool <span class="tool-call-name mono">{props.call.name}</span> · arguments
          </span>
          <pre class="code-block">{JSON.stringify(props.call.input, null, 2)}</pre>
          <Show when={props.call.diff}>{(diff) => <DiffView patch={diff()} {...(pathOf(props.call.input) ? { path: pathOf(props.call.input)! } : {})} />}</Show>
          <Show when={props.call.content}>
            {(content) => (
              <>
                <span class="field-label field-label-small">Result</span>
                <pre class="code-block">{content()}</pre>
              </>
            )}
          </Show>
        </div>
      </details>
    </li>
  );
};
