import { useDragDropContext } from '@thisbeyond/solid-dnd';
import { createEffect, onCleanup, type Component } from 'solid-js';
import { edgeScrollStep, scrollRoom } from './edge-scroll.js';

/**
 * While a card is dragged, scrolls the board sideways when the pointer is held near its left or
 * right edge, and a column's card list up or down when the pointer is near the list's top or
 * bottom, a little every frame; after each step the drop targets are measured again so the
 * insertion line follows what is now under the pointer. Lives inside the DragDropProvider.
 */
export const DragAutoScroll: Component<{ board: () => HTMLElement | undefined }> = (props) => {
  const context = useDragDropContext();
  if (!context) return null;
  const [state, { recomputeLayouts, detectCollisions }] = context;

  createEffect(() => {
    if (state.active.draggableId === null) return;
    let frame = requestAnimationFrame(function step() {
      const pointer = state.active.sensor?.coordinates.current;
      if (pointer && scrollNearEdges(props.board(), pointer)) {
        recomputeLayouts();
        detectCollisions();
      }
      frame = requestAnimationFrame(step);
    });
    onCleanup(() => cancelAnimationFrame(frame));
  });
  return null;
};

/** One frame of edge scrolling; true when anything moved. */
function scrollNearEdges(board: HTMLElement | undefined, pointer: { x: number; y: number }): boolean {
  let moved = false;
  if (board) {
    const box = board.getBoundingClientRect();
    const room = scrollRoom(board);
    const sideways = edgeScrollStep(pointer.x, box.left, box.right, room.horizontal);
    if (sideways !== 0) {
      board.scrollLeft += sideways;
      moved = true;
    }
  }
  const list = cardListAt(pointer);
  if (list) {
    const box = list.getBoundingClientRect();
    const upOrDown = edgeScrollStep(pointer.y, box.top, box.bottom, scrollRoom(list).vertical);
    if (upOrDown !== 0) {
      list.scrollTop += upOrDown;
      moved = true;
    }
  }
  return moved;
}

/** The card list of the column under the pointer's x, if the pointer is level with it. */
function cardListAt(pointer: { x: number; y: number }): HTMLElement | undefined {
  for (const list of document.querySelectorAll<HTMLElement>('.card-list')) {
    const box = list.getBoundingClientRect();
    if (pointer.x >= box.left && pointer.x <= box.right && pointer.y >= box.top - 80 && pointer.y <= box.bottom + 80) return list;
  }
  return undefined;
}
