import { createSignal, type Component } from 'solid-js';
import { InlineTextInput } from './inline-text-input.js';

/** The "Add column" slot at the end of the board. */
export const AddColumn: Component<{ add: (name: string) => void }> = (props) => {
  const [adding, setAdding] = createSignal(false);
  return (
    <div class="add-column">
      {adding() ? (
        <InlineTextInput
          label="New column name"
          placeholder="Column name"
          commit={(name) => {
            setAdding(false);
            props.add(name);
          }}
          cancel={() => setAdding(false)}
        />
      ) : (
        <button type="button" class="button button-ghost add-column-button" onClick={() => setAdding(true)}>
          <span aria-hidden="true">+</span> Add column
        </button>
      )}
    </div>
  );
};
