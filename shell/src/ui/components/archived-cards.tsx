import type { Card } from '@kanbots/core/model';
import { For, Show, createSignal, onMount, type Component } from 'solid-js';

export interface ArchivedCardsProps {
  cards: readonly Card[];
  columnName: (columnId: string) => string;
  restore: (cardId: string) => void;
  remove: (cardId: string) => void;
  close: () => void;
}

/** The archived cards, newest first: each can be restored to its column or deleted for good (asked once). */
export const ArchivedCards: Component<ArchivedCardsProps> = (props) => {
  const [confirming, setConfirming] = createSignal<string | null>(null);
  let heading: HTMLHeadingElement | undefined;
  onMount(() => heading?.focus());
  const newestFirst = (): Card[] => [...props.cards].sort((a, b) => b.updatedAt - a.updatedAt);
  return (
    <section
      class="inbox archived-cards"
      aria-labelledby="archived-heading"
      data-testid="archived-cards"
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          props.close();
        }
      }}
    >
      <header class="inbox-header">
        <h2 id="archived-heading" class="panel-title" tabIndex={-1} ref={heading}>
          Archived cards
        </h2>
        <span class="spacer" />
        <button type="button" class="icon-button" aria-label="Close archived cards" onClick={() => props.close()}>
          ×
        </button>
      </header>
      <Show when={props.cards.length > 0} fallback={<p class="inbox-empty">No archived cards. Archiving a card keeps it here.</p>}>
        <ul class="inbox-list" aria-label="Archived cards">
          <For each={newestFirst()}>
            {(card) => (
              <li class="inbox-item" data-card-id={card.id}>
                <span class="inbox-card">{card.title}</span>
                <span class="inbox-what">
                  was in {props.columnName(card.columnId)} · archived {new Date(card.updatedAt).toLocaleString()}
                </span>
                <span class="inbox-actions">
                  {confirming() === card.id ? (
                    <>
                      <button type="button" class="button button-small" onClick={() => setConfirming(null)}>
                        Keep
                      </button>
                      <button type="button" class="button button-small button-danger" onClick={() => props.remove(card.id)}>
                        Delete for good
                      </button>
                    </>
                  ) : (
                    <>
                      <button type="button" class="button button-small" onClick={() => props.restore(card.id)}>
                        Restore
                      </button>
                      <button type="button" class="button button-small button-danger-ghost" onClick={() => setConfirming(card.id)}>
                        Delete
                      </button>
                    </>
                  )}
                </span>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </section>
  );
};
