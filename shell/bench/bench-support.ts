import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openBoardService, type Board } from '@kanbots/core';
import { startHost, type RunningHost } from '../src/host/host.js';
import { buildUi, uiBuildIsStale } from '../test/e2e/build-ui-once.js';

/** Shared set-up for the UI benchmarks: a data dir seeded through the board service, the host, a build. */

export const CARD_COUNT = 1_000;

export async function ensureUiBuilt(): Promise<void> {
  if (uiBuildIsStale()) {
    const started = performance.now();
    await buildUi();
    console.log(`  (built the UI in ${(performance.now() - started).toFixed(0)} ms)`);
  }
}

/** A temp data dir whose board holds `count` cards spread over the default columns. */
export async function seededDataDir(count = CARD_COUNT): Promise<{ dataDir: string; board: Board; dispose(): Promise<void> }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'kanbots-bench-'));
  const service = await openBoardService({ dataDir });
  const started = performance.now();
  const columns = [...service.getBoard().columns].sort((a, b) => a.order - b.order);
  const labels = ['backend', 'ui', 'bug', 'docs', 'infra', 'release'];
  for (let index = 0; index < count; index += 1) {
    const column = columns[index % columns.length]!;
    await service.dispatch({
      type: 'card.create',
      title: `Card ${index + 1}: ${['Fix', 'Add', 'Refactor', 'Document', 'Test'][index % 5]} the ${['parser', 'board', 'worktree', 'provider', 'reviewer'][index % 5]}`,
      columnId: column.id,
      labels: index % 3 === 0 ? [labels[index % labels.length]!] : [],
      ...(index % 4 === 0 ? { target: { repository: '/home/dev/projects/kanbots', baseBranch: 'main' } } : {}),
    });
  }
  const board = service.getBoard();
  await service.close();
  console.log(`  (seeded ${count} cards through the board service in ${(performance.now() - started).toFixed(0)} ms)`);
  return { dataDir, board, dispose: () => rm(dataDir, { recursive: true, force: true }) };
}

export async function hostOn(dataDir: string): Promise<RunningHost> {
  return startHost({ dataDir });
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function milliseconds(value: number): string {
  return `${value.toFixed(1).padStart(8)} ms`;
}

/** True when this module is the script node was started with. */
export function isMainModule(moduleUrl: string): boolean {
  return process.argv[1] !== undefined && moduleUrl === new URL(`file://${process.argv[1]}`).href;
}
