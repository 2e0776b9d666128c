import { onMount, type Component } from 'solid-js';

/**
 * A one-line input that commits on Enter or blur and cancels on Escape. Focuses itself when it
 * appears (a DOM focus, not an effect on app state).
 */
export const InlineTextInput: Component<{
  label: string;
  initial?: string;
  placeholder?: string;
  class?: string;
  multiline?: boolean;
  commit: (value: string) => void;
  cancel: () => void;
  /** Keep the input open after committing (for adding several cards in a row). */
  keepOpen?: boolean;
}> = (props) => {
  let input: HTMLInputElement | HTMLTextAreaElement | undefined;
  let settled = false;
  onMount(() => {
    input?.focus();
    input?.select();
  });
  const commit = (): void => {
    const value = input?.value.trim() ?? '';
    if (!value) {
      settled = true;
      props.cancel();
      return;
    }
    // Settle before committing: the commit may unmount this input, and the blur that follows
    // must not commit the same value a second time.
    if (!props.keepOpen) settled = true;
    props.commit(value);
    if (props.keepOpen && input) {
      input.value = '';
      input.focus();
    }
  };
  const keyDown = (event: KeyboardEvent): void => {
    event.stopPropagation();
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      commit();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      settled = true;
      props.cancel();
    }
  };
  const blur = (): void => {
    if (settled) return;
    const value = input?.value.trim() ?? '';
    settled = true;
    if (value) props.commit(value);
    else props.cancel();
  };
  return props.multiline ? (
    <textarea
      ref={(element) => (input = element)}
      class={props.class ?? 'text-input'}
      aria-label={props.label}
      placeholder={props.placeholder}
      rows={2}
      value={props.initial ?? ''}
      onKeyDown={keyDown}
      onBlur={blur}
      onPointerDown={(event) => event.stopPropagation()}
    />
  ) : (
    <input
      ref={(element) => (input = element)}
      class={props.class ?? 'text-input'}
      aria-label={props.label}
      placeholder={props.placeholder}
      value={props.initial ?? ''}
      onKeyDown={keyDown}
      onBlur={blur}
      onPointerDown={(event) => event.stopPropagation()}
    />
  );
};
