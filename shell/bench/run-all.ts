import { benchBoardStore } from './board-store.bench.js';
import { benchBundleSize } from './bundle-size.bench.js';
import { benchDragAndDrop } from './drag-and-drop.bench.js';
import { benchFirstPaint } from './first-paint.bench.js';

/** Runs every shell benchmark in turn and prints their figures (not timed tests). */
await benchBundleSize();
console.log();
await benchFirstPaint();
console.log();
await benchDragAndDrop();
console.log();
await benchBoardStore();
