import { createMemo, type Component } from 'solid-js';
import { useAppState } from '../app-context.js';
import { InboxPanel } from './inbox-panel.js';
import { needsYouItems } from './needs-you.js';

/** Wires the inbox to the run store (container). */
export const InboxContainer: Component<{ close: () => void }> = (props) => {
  const app = useAppState();
  const items = createMemo(() => needsYouItems(app.runs.runs()));
  return (
    <InboxPanel
      items={items()}
      cardTitle={(cardId) => app.board.card(cardId)?.title ?? 'A card'}
      actions={{
        open: (item) => {
          app.view.openCard(item.run.cardId);
          props.close();
        },
        approve: (item) => void app.runs.approve(item.run.id, item.approval.agentId, item.approval.callId),
        deny: (item) => void app.runs.deny(item.run.id, item.approval.agentId, item.approval.callId),
        close: props.close,
      }}
    />
  );
};

/** How many things wait for the human across the board. */
export function useNeedsYouCount(): () => number {
  const app = useAppState();
  const count = createMemo(() => needsYouItems(app.runs.runs()).length);
  return count;
}
