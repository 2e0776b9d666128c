import { Show, createSignal, type Component } from 'solid-js';
import type { CommandResultOf, SecretStatus } from '@kanbots/core/protocol';
import { SECRET_SOURCE_LABELS } from './settings-messages.js';

/**
 * One API key: whether it is set and where from (never its value), a field to enter a new one
 * (never pre-filled, cleared once saved) and a way to remove a stored one.
 */
export const SecretField: Component<{
  label: string;
  name: string;
  status: SecretStatus | undefined;
  save: (value: string) => Promise<boolean>;
  remove: () => void;
  /** Tests the stored key against the provider (`providers.test`). */
  test?: () => Promise<CommandResultOf<'providers.test'> | undefined>;
  /** The Settings target of this field (`providers.anthropic.apiKey`), for a fix that opens it. */
  target?: string;
}> = (props) => {
  const [saving, setSaving] = createSignal(false);
  const [testing, setTesting] = createSignal(false);
  const [tested, setTested] = createSignal<CommandResultOf<'providers.test'> | undefined>();
  const test = async (): Promise<void> => {
    if (!props.test) return;
    setTesting(true);
    setTested(undefined);
    setTested(await props.test());
    setTesting(false);
  };
  let input: HTMLInputElement | undefined;
  const save = async (): Promise<void> => {
    const value = input?.value.trim() ?? '';
    if (!value || !input) return;
    setSaving(true);
    const saved = await props.save(value);
    setSaving(false);
    if (saved) input.value = '';
  };
  const inputId = `secret-${props.name.replace(/\W/g, '-')}`;
  return (
    <div class="secret-field" data-secret={props.name} data-settings-target={props.target}>
      <label class="field-label field-label-small" for={inputId}>
        {props.label}
      </label>
      <p class="secret-status" data-set={props.status?.set ? 'true' : 'false'}>
        {props.status?.set ? (
          <>
            Set — {props.status.masked ? <><code class="mono" data-testid="masked-key">{props.status.masked}</code>, </> : null}
            {SECRET_SOURCE_LABELS[props.status.source] ?? props.status.source}
          </>
        ) : (
          'Not set'
        )}
      </p>
      <div class="field-row">
        <input
          ref={input}
          id={inputId}
          class="text-input mono field-grow"
          type="password"
          name={`${props.name}-new`}
          autocomplete="off"
          spellcheck={false}
          placeholder={props.status?.set ? 'Enter a new key to replace it' : 'Paste the key'}
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              event.preventDefault();
              void save();
            }
          }}
        />
        <button type="button" class="button" disabled={saving()} onClick={() => void save()}>
          Save key
        </button>
        <Show when={props.test !== undefined}>
          <button type="button" class="button" disabled={testing()} onClick={() => void test()}>
            {testing() ? 'Testing…' : 'Test'}
          </button>
        </Show>
        <Show when={props.status?.set && props.status.source !== 'environment'}>
          <button type="button" class="button button-danger-ghost" onClick={() => props.remove()}>
            Remove
          </button>
        </Show>
      </div>
      <Show when={tested()}>
        {(result) => (
          <p class="provider-test-result" role="status" data-ok={result().ok ? 'true' : 'false'}>
            {result().ok ? `The key works: ${props.label.replace(/ API key$/, '')} answered (model ${result().model}).` : (result() as { message: string }).message}
          </p>
        )}
      </Show>
    </div>
  );
};
