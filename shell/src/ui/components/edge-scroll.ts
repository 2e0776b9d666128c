/**
 * How far to scroll a container this frame while a dragged card is held near one of its edges:
 * nothing outside the edge zone, then faster the closer the pointer is to (or past) the edge.
 * Pure, so the rule is tested without a browser; drag-auto-scroll.tsx applies it each frame.
 */
export interface EdgeScrollOptions {
  /** Width of the zone along each edge where scrolling starts, in px. */
  zone: number;
  /** The largest step per frame, in px (reached at the edge itself and beyond it). */
  maxStep: number;
}

export const EDGE_SCROLL: EdgeScrollOptions = { zone: 56, maxStep: 18 };

/**
 * The scroll step along one axis for a pointer at `position` over a container spanning
 * [`start`, `end`] that can still scroll `room.before` px back and `room.after` px on.
 * Negative scrolls back (up / left), positive on (down / right), 0 stays.
 */
export function edgeScrollStep(position: number, start: number, end: number, room: { before: number; after: number }, options: EdgeScrollOptions = EDGE_SCROLL): number {
  const zone = Math.min(options.zone, (end - start) / 3);
  if (zone <= 0 || position < start - zone || position > end + zone) return 0;
  const speed = (depth: number): number => Math.max(1, Math.round(options.maxStep * Math.min(1, depth / zone)));
  if (position < start + zone && room.before > 0) return -Math.min(room.before, speed(start + zone - position));
  if (position > end - zone && room.after > 0) return Math.min(room.after, speed(position - (end - zone)));
  return 0;
}

/** How far `element` can still scroll back and on, per axis. */
export function scrollRoom(element: { scrollTop: number; scrollLeft: number; scrollHeight: number; scrollWidth: number; clientHeight: number; clientWidth: number }): {
  vertical: { before: number; after: number };
  horizontal: { before: number; after: number };
} {
  return {
    vertical: { before: element.scrollTop, after: element.scrollHeight - element.clientHeight - element.scrollTop },
    horizontal: { before: element.scrollLeft, after: element.scrollWidth - element.clientWidth - element.scrollLeft },
  };
}
