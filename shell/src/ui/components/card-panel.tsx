import type { Card, Column, Project } from '@kanbots/core/model';
import { For, Show, createSignal, onCleanup, untrack, type Component, type JSX } from 'solid-js';
import type { CardDraft } from '../state/board-intents.js';
import { PanelResizer } from './panel-resizer.js';
import { limits } from '@kanbots/core/model';

export interface CardPanelProps {
  card: Card;
  column: Column | undefined;
  /** The board's projects, one of which the card may belong to. */
  projects: readonly Project[];
  /** Opens "Add a project". */
  addProject: () => void;
  width: number;
  resize: (width: number) => void;
  /** Saves the edited fields of the card. */
  save: (cardId: string, draft: Partial<CardDraft>) => void;
  archive: (cardId: string) => void;
  remove: (cardId: string) => void;
  close: () => void;
  /** The run section: below the card's fields, or right under the header while the card has a run. */
  children?: JSX.Element;
  runFirst?: boolean;
  /** The card page's address (full width: changes, comments, conversation). */
  pageHref?: string;
}

/**
 * The card detail side panel: edit title, description, labels and project; archive or delete.
 * Edits save themselves: when a field is left, when the panel closes, and when it goes away for
 * any other reason (another card opened, the card changed under it). Only the fields the person
 * edited are sent, so a change made elsewhere meanwhile is not overwritten with stale values.
 */
export const CardPanel: Component<CardPanelProps> = (props) => {
  const [confirmingDelete, setConfirmingDelete] = createSignal(false);
  const [saved, setSaved] = createSignal(false);
  let form: HTMLFormElement | undefined;
  const draftFromForm = (): CardDraft => {
    const data = new FormData(form);
    const text = (name: string): string => String(data.get(name) ?? '').trim();
    const projectId = text('projectId');
    return {
      title: text('title'),
      description: String(data.get('description') ?? ''),
      labels: [...new Set(text('labels').split(',').map((label) => label.trim()).filter(Boolean))],
      // A card's own repository (from before projects) is shown, not edited: choosing a project replaces it.
      target: lastSaved.target,
      projectId: projectId === '' ? null : projectId,
    };
  };
  const cardId = untrack(() => props.card.id);
  const shown = untrack(() => draftOfCard(props.card));
  let lastSaved = shown;
  /** Saves what was edited since the panel opened (or since the last save); returns whether anything was sent. */
  const saveEdits = (): boolean => {
    if (!form) return false;
    const draft = draftFromForm();
    const edited: Partial<CardDraft> = {};
    if (draft.title && draft.title !== lastSaved.title) edited.title = draft.title;
    if (draft.description !== lastSaved.description) edited.description = draft.description;
    if (draft.labels.join('\u0000') !== lastSaved.labels.join('\u0000')) edited.labels = draft.labels;
    if (draft.projectId !== lastSaved.projectId) edited.projectId = draft.projectId;
    if (Object.keys(edited).length === 0) return false;
    lastSaved = { ...lastSaved, ...edited };
    props.save(cardId, edited);
    return true;
  };
  onCleanup(() => saveEdits());
  const close = (): void => {
    saveEdits();
    props.close();
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
          close();
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
          <Show when={props.pageHref}>
            {(href) => (
              <a class="button button-small panel-page-link" href={href()}>
                Open page
              </a>
            )}
          </Show>
          <button type="button" class="icon-button" aria-label="Close card details" onClick={close}>
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
          saveEdits();
          setSaved(true);
        }}
        onChange={() => {
          if (saveEdits()) setSaved(true);
        }}
        onInput={() => setSaved(false)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && (event.metaKey || event.ctrlKey)) {
            event.preventDefault();
            form?.requestSubmit();
          }
        }}
      >
        <label class="field">
          <span class="field-label">Title</span>
          <input class="text-input" name="title" required maxLength={limits.titleLength} value={props.card.title} />
        </label>
        <label class="field">
          <span class="field-label">Description</span>
          <textarea class="text-input" name="description" rows={8} maxLength={limits.descriptionLength} value={props.card.description} />
        </label>
        <label class="field">
          <span class="field-label">Labels</span>
          <input class="text-input" name="labels" placeholder="bug, backend" value={props.card.labels.join(', ')} />
          <span class="field-hint">Separate labels with commas.</span>
        </label>
        <label class="field">
          <span class="field-label">Project</span>
          <div class="field-inline">
            <select class="text-input" name="projectId">
              <option value="" selected={!props.card.projectId}>
                No project
              </option>
              <For each={props.projects}>
                {(project) => (
                  <option value={project.id} selected={project.id === props.card.projectId}>
                    {project.name}
                  </option>
                )}
              </For>
            </select>
            <button type="button" class="button button-ghost" onClick={() => props.addProject()}>
              Add a project…
            </button>
          </div>
          <Show when={!props.card.projectId && props.card.target}>
            {(target) => (
              <span class="field-hint">
                Works on its own repository <span class="mono">{target().repository}</span>
                {target().baseBranch ? ` (from ${target().baseBranch})` : ''} until you choose a project.
              </span>
            )}
          </Show>
        </label>
        <div class="panel-actions">
          <button type="submit" class="button button-primary">
            Save
          </button>
          <span class="panel-saved" role="status">
            {saved() ? 'Saved' : ''}
          </span>
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

function draftOfCard(card: Card): CardDraft {
  return {
    title: card.title,
    description: card.description,
    labels: [...card.labels],
    target: card.target ? { repository: card.target.repository, ...(card.target.baseBranch ? { baseBranch: card.target.baseBranch } : {}) } : null,
    projectId: card.projectId ?? null,
  };
}
