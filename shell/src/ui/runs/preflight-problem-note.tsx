import type { PreflightProblem, SettingsTarget } from '@kanbots/core/protocol';
import { For, Show, createSignal, type Component } from 'solid-js';

/**
 * One problem found by the check before a run, next to the field it belongs to: what is wrong in
 * plain words and its fix — a button that opens Settings at the right field, a command to copy
 * (install or log in an agent CLI), or the names to choose from (a branch, a model, a persona).
 */

export interface PreflightFixActions {
  openSettings: (target: SettingsTarget) => void;
  copy: (text: string) => Promise<boolean>;
  choose: (problem: PreflightProblem, value: string) => void;
}

export const PreflightProblemNote: Component<{ problem: PreflightProblem; actions: PreflightFixActions }> = (props) => {
  const [copied, setCopied] = createSignal(false);
  const fix = () => props.problem.fix;
  return (
    <div class="preflight-problem" role="alert" data-code={props.problem.code} data-field={props.problem.field}>
      <p class="preflight-message">{props.problem.message}</p>
      <Show when={fix()}>
        {(current) => {
          const value = current();
          if (value.kind === 'settings') {
            return (
              <button type="button" class="button button-small" data-settings-target={value.target} onClick={() => props.actions.openSettings(value.target)}>
                {value.label}
              </button>
            );
          }
          if (value.kind === 'command') {
            return (
              <div class="preflight-command">
                <code class="mono">{value.command}</code>
                <button
                  type="button"
                  class="button button-small"
                  aria-label={value.label}
                  onClick={() => void props.actions.copy(value.command).then((done) => setCopied(done))}
                >
                  {copied() ? 'Copied' : 'Copy'}
                </button>
              </div>
            );
          }
          return (
            <div class="preflight-choices" role="group" aria-label={value.label}>
              <span class="field-hint">{value.label}:</span>
              <For each={value.options.slice(0, 8)}>
                {(option) => (
                  <button type="button" class="button button-small button-ghost mono" onClick={() => props.actions.choose(props.problem, option)}>
                    {option}
                  </button>
                )}
              </For>
            </div>
          );
        }}
      </Show>
    </div>
  );
};

/** The problems of one field, each with its fix. */
export const PreflightProblems: Component<{ problems: readonly PreflightProblem[]; field: PreflightProblem['field']; actions: PreflightFixActions }> = (props) => (
  <For each={props.problems.filter((problem) => problem.field === props.field)}>{(problem) => <PreflightProblemNote problem={problem} actions={props.actions} />}</For>
);
