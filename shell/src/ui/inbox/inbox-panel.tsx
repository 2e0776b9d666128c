import { toolRequestWords, type ToolRequestWords } from '@kanbots/core/protocol';
import { For, Show, createEffect, createSignal, onMount, type Component } from 'solid-js';
import { plainError } from '../runs/plain-error.js';
import { RUN_STATUS_LABELS } from '../runs/run-status.js';
import { summariseInput, type NeedsYouItem } from './needs-you.js';

export interface InboxActions {
  open: (item: NeedsYouItem) => void;
  approve: (item: Extract<NeedsYouItem, { kind: 'approval' }>) => void;
  deny: (item: Extract<NeedsYouItem, { kind: 'approval' }>) => void;
  close: () => void;
}


/** "Developer wants to run `npm test`", with the role of the asking agent. */
function wordsOf(item: Extract<NeedsYouItem, { kind: 'approval' }>): ToolRequestWords {
  const role = item.run.agents.find((agent) => agent.id === item.approval.agentId)?.role;
  return toolRequestWords(item.approval.agentId, item.approval.tool, item.approval.input, role);
}

/**
 * "Needs you": every pending approval and open gate in one list. j/k or the arrows move, Enter
 * opens the card, a approves and d denies the selected tool call, Escape closes.
 */
export const InboxPanel: Component<{ items: readonly NeedsYouItem[]; cardTitle: (cardId: string) => string; actions: InboxActions }> = (props) => {
  const [selected, setSelected] = createSignal(0);
  let list: HTMLUListElement | undefined;
  onMount(() => list?.focus());
  createEffect(() => {
    if (selected() >= props.items.length) setSelected(Math.max(0, props.items.length - 1));
  });
  const current = (): NeedsYouItem | undefined => props.items[selected()];
  const move = (by: number): void => {
    if (props.items.length === 0) return;
    setSelected((index) => Math.min(props.items.length - 1, Math.max(0, index + by)));
    list?.querySelector<HTMLElement>(`[data-index="${selected()}"]`)?.scrollIntoView?.({ block: 'nearest' });
  };
  const onKeyDown = (event: KeyboardEvent): void => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const item = current();
    switch (event.key) {
      case 'j':
      case 'ArrowDown':
        move(1);
        break;
      case 'k':
      case 'ArrowUp':
        move(-1);
        break;
      case 'Enter':
        if (item) props.actions.open(item);
        break;
      case 'a':
        if (item?.kind === 'approval') props.actions.approve(item);
        break;
      case 'd':
        if (item?.kind === 'approval') props.actions.deny(item);
        break;
      case 'Escape':
        props.actions.close();
        break;
      default:
        return;
    }
    event.preventDefault();
  };
  return (
    <section class="inbox" aria-labelledby="inbox-heading" data-testid="inbox">
      <header class="inbox-header">
        <h2 id="inbox-heading" class="panel-title">
          Needs you
        </h2>
        <span class="field-hint">j/k move · Enter opens · a approves · d denies</span>
        <span class="spacer" />
        <button type="button" class="icon-button" aria-label="Close the inbox" onClick={() => props.actions.close()}>
          ×
        </button>
      </header>
      <Show when={props.items.length > 0} fallback={<p class="inbox-empty">Nothing is waiting for you.</p>}>
        <ul
          ref={list}
          class="inbox-list"
          role="listbox"
          tabIndex={0}
          aria-label="Waiting for you"
          aria-activedescendant={current() ? `inbox-item-${selected()}` : undefined}
          onKeyDown={onKeyDown}
        >
          <For each={props.items}>
            {(item, index) => (
              <li
                id={`inbox-item-${index()}`}
                class="inbox-item"
                role="option"
                aria-selected={selected() === index()}
                data-index={index()}
                data-kind={item.kind}
                onClick={() => setSelected(index())}
                onDblClick={() => props.actions.open(item)}
              >
                <span class="inbox-card">{props.cardTitle(item.run.cardId)}</span>
                {item.kind === 'approval' ? (
                  <span class="inbox-what">
                    {wordsOf(item).who} {wordsOf(item).wants} <span class="mono inbox-input">{summariseInput(wordsOf(item).subject ?? '', 70)}</span>
                  </span>
                ) : item.kind === 'stopped' ? (
                  <span class="inbox-what inbox-stopped">
                    {RUN_STATUS_LABELS[item.run.status].toLowerCase()} — {item.run.status === 'failed' && item.run.error ? plainError(item.run.error).title : item.run.statusText}
                  </span>
                ) : (
                  <span class="inbox-what">
                    review — {item.run.gate?.reason ?? RUN_STATUS_LABELS[item.run.status]}
                  </span>
                )}
                <span class="inbox-actions">
                  <Show when={item.kind === 'approval'}>
                    <button type="button" class="button button-small" onClick={() => props.actions.approve(item as Extract<NeedsYouItem, { kind: 'approval' }>)}>
                      Approve
                    </button>
                    <button type="button" class="button button-small" onClick={() => props.actions.deny(item as Extract<NeedsYouItem, { kind: 'approval' }>)}>
                      Deny
                    </button>
                  </Show>
                  <button type="button" class="button button-small" onClick={() => props.actions.open(item)}>
                    Open
                  </button>
                </span>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </section>
  );
};
