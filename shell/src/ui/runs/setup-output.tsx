import type { SetupView } from '@kanbots/core/protocol';
import { createEffect, type Component } from 'solid-js';

const STATE_WORDS: Record<SetupView['state'], string> = { running: 'running', done: 'done', failed: 'failed' };

function duration(milliseconds: number | undefined): string {
  if (milliseconds === undefined) return '';
  return milliseconds < 1000 ? ` in ${milliseconds} ms` : ` in ${(milliseconds / 1000).toFixed(1)} s`;
}

/**
 * The project's setup script in the run's new worktree: its state and its output as it comes
 * (the tail the host keeps), open while it runs or after it failed, folded once it is done.
 */
export const SetupOutput: Component<{ setup: SetupView }> = (props) => {
  let output: HTMLPreElement | undefined;
  // Keep the newest line in sight while it runs.
  createEffect(() => {
    void props.setup.output;
    if (output !== undefined && props.setup.state === 'running') output.scrollTop = output.scrollHeight;
  });
  return (
    <details class="run-setup" data-state={props.setup.state} data-testid="setup-output" open={props.setup.state !== 'done'}>
      <summary>
        Setup <code>{props.setup.script.split('\n')[0]}</code> — {STATE_WORDS[props.setup.state]}
        {duration(props.setup.durationMs)}
      </summary>
      <pre class="run-setup-output mono" ref={output} aria-live={props.setup.state === 'running' ? 'polite' : 'off'}>
        {props.setup.output === '' ? '(no output yet)' : props.setup.output}
      </pre>
    </details>
  );
};
