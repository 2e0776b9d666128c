import { createSignal, onCleanup, type Accessor } from 'solid-js';

/**
 * The card page's address: `#/cards/<card id>/<tab>` (a hash route, so it works the same in a
 * browser tab, under `kanbots serve` and in the Neutralino window, and Back returns to the board).
 */

export const CARD_TABS = ['conversation', 'changes', 'activity', 'details'] as const;
export type CardTab = (typeof CARD_TABS)[number];

export interface CardRoute {
  cardId: string;
  tab: CardTab;
}

/** The route of a location hash, or undefined for the board. */
export function parseCardRoute(hash: string): CardRoute | undefined {
  const match = /^#\/cards\/([^/?#]+)(?:\/([a-z]+))?\/?$/.exec(hash);
  if (!match) return undefined;
  let cardId: string;
  try {
    cardId = decodeURIComponent(match[1]!);
  } catch {
    return undefined;
  }
  const tab = (CARD_TABS as readonly string[]).includes(match[2] ?? '') ? (match[2] as CardTab) : 'changes';
  return { cardId, tab };
}

export function cardPageHash(cardId: string, tab?: CardTab): string {
  return `#/cards/${encodeURIComponent(cardId)}${tab ? `/${tab}` : ''}`;
}

/** The current route, following `hashchange` (call inside a Solid root). */
export function createCardRoute(): { route: Accessor<CardRoute | undefined>; open: (cardId: string, tab?: CardTab) => void; close: () => void } {
  const [route, setRoute] = createSignal(parseCardRoute(window.location.hash));
  const follow = (): void => void setRoute(parseCardRoute(window.location.hash));
  window.addEventListener('hashchange', follow);
  onCleanup(() => window.removeEventListener('hashchange', follow));
  return {
    route,
    open: (cardId, tab) => {
      window.location.hash = cardPageHash(cardId, tab);
    },
    close: () => {
      if (window.location.hash !== '') {
        // Back to the board without leaving an empty '#' in the address.
        history.pushState(null, '', window.location.pathname + window.location.search);
        follow();
      }
    },
  };
}
