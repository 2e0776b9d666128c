import type { Card, Column } from '@kanbots/core/model';
import { Show, createSignal, type Component, type JSX } from 'solid-js';
import type { CardDraft } from '../state/board-intents.js';
import { PanelResizer } from './panel-resizer.js';

export interface CardPanelProps {
  card: Card;
  column: Column | undefined;
  width: number;
  resize: (width: number) => void;
  save: (cardId: string, draft: CardDraft) => void;
  archive: (cardId: string) => void;
  remove: (cardId: string) => void;
  close: () => void;
  /** The run section: below the card's fields, or right under the header while the card has a run. */
  children?: JSX.Element;
  runFirst?: boolean;
}

/** The card detail side panel: edit title, description, labels and target; archive or delete. */
export const CardPanel: Component<CardPanelProps> = (props) => {
  const [confirmingDelete, setConfirmingDelete] = createSignal(false);
  let form: HTMLFormElement | undefined;
  const draftFromForm = (): CardDraft => {
    const data = new FormData(form);
    const text = (name: string): string => String(data.get(name) ?? '').trim();
    const repository = text('repository');
    const baseBranch = text('baseBranch');
    return {
      title: text('title'),
      description: String(data.get('description') ?? ''),
      labels: [...new Set(text('labels').split(',').map((label) => label.trim()).filter(Boolean))],
      target: repository ? { repository, ...(baseBranch ? { baseBranch } : {}) } : null,
    };
  };
  return (
    <aside
      class="panel"
      style={{ width: `${props.width}px` }}
      aria-labelledby="panel-heading"
      data-testid="card-panel"
      onKeyDown={(event) => {
        if (event.key === 'Escape' && !event.defaultPrevented) {
          event.preventDefault();
          props.close();
        }
      }}
    >
      <PanelResizer width={props.width} resize={props.resize} />
      <div class="panel-body panel-head">
        <header class="panel-header">
          <div>
            <p class="panel-eyebrow">{props.column?.name ?? 'Card'}</p>
            <h2 id="panel-heading" class="panel-title">
              Card details
            </h2>
          </div>
          <button type="button" class="icon-button" aria-label="Close card details" onClick={() => props.close()}>
            ×
          </button>
        </header>
      </div>
      <Show when={props.runFirst}>{props.children}</Show>
      <form
        ref={form}
        class="panel-body"
        onSubmit={(event) => {
          event.preventDefault();
          const draft = draftFromForm();
          if (draft.title) props.save(props.card.id, draft);
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && (event.metaKey || event.ctrlKey)) {
            event.preventDefault();
            form?.requestSubmit();
          }
        }}
      >
        <label class="field">
          <span class="field-label">Title</span>
          <input class="text-input" name="title" required maxLength={200} value={props.card.title} />
        </label>
        <label class="field">
          <span class="field-label">Description</span>
          <textarea class="text-input" name="description" rows={8} maxLength={20000} value={props.card.description} />
        </label>
        <label class="field">
          <span class="field-label">Labels</span>
          <input class="text-input" name="labels" placeholder="bug, backend" value={props.card.labels.join(', ')} />
          <span class="field-hint">Separate labels with commas.</span>
        </label>
        <fieldset class="field-group">
          <legend class="field-label">Target</legend>
          <label class="field">
            <span class="field-label field-label-small">Repository</span>
            <input class="text-input mono" name="repository" placeholder="/path/to/repository" value={props.card.target?.repository ?? ''} />
          </label>
          <label class="field">
            <span class="field-label field-label-small">Base branch</span>
            <input class="text-input mono" name="baseBranch" placeholder="main" value={props.card.target?.baseBranch ?? ''} />
          </label>
        </fieldset>
        <div class="panel-actions">
          <button type="submit" class="button button-primary">
            Save
          </button>
          <button type="button" class="button" onClick={() => props.archive(props.card.id)}>
            Archive
          </button>
          <span class="spacer" />
          {confirmingDelete() ? (
            <>
              <button type="button" class="button" onClick={() => setConfirmingDelete(false)}>
                Keep
              </button>
              <button type="button" class="button button-danger" onClick={() => props.remove(props.card.id)}>
                Delete for good
              </button>
            </>
          ) : (
            <button type="button" class="button button-danger-ghost" onClick={() => setConfirmingDelete(true)}>
              Delete
            </button>
          )}
        </div>
        <p class="panel-meta">
          Created {new Date(props.card.createdAt).toLocaleString()} · updated {new Date(props.card.updatedAt).toLocaleString()}
        </p>
      </form>
      <Show when={!props.runFirst}>{props.children}</Show>
    </aside>
  );
};
