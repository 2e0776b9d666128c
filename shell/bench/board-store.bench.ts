import { performance } from 'node:perf_hooks';
import { openClient } from '../test/host/host-test-context.js';
import { CARD_COUNT, hostOn, isMainModule, milliseconds, seededDataDir } from './bench-support.js';

/**
 * The board on each store with 1,000 cards: seeding them one command at a time through the board
 * service, then the host's acknowledgement of one card move (the protocol command sent over the
 * WebSocket until its reply, which comes once the move is stored), p50 and p95 of 60 moves. The
 * JSON data directory is what Kanbots used before the database (the whole board.json rewritten
 * and fsynced per change).
 */

const MOVES = 60;

function percentile(values: readonly number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!;
}

export async function benchBoardStore(): Promise<void> {
  console.log(`board store with ${CARD_COUNT} cards: seeding, and the host's acknowledgement of one move (${MOVES} moves)`);
  for (const store of ['json', 'sqlite'] as const) {
    process.env.KANBOTS_STORE = store === 'json' ? 'json' : '';
    const seedStart = performance.now();
    const seeded = await seededDataDir();
    const seeding = performance.now() - seedStart;
    const host = await hostOn(seeded.dataDir);
    const times: number[] = [];
    try {
      const client = await openClient(host.port, host.token);
      const columns = [...seeded.board.columns].sort((a, b) => a.order - b.order);
      const cards = seeded.board.cards.filter((card) => card.columnId === columns[0]!.id);
      for (let move = 0; move < MOVES; move += 1) {
        const card = cards[move % cards.length]!;
        const started = performance.now();
        const reply = await client.command(`m${move}`, 'card.move', { cardId: card.id, columnId: columns[(move % 2) + 1]!.id, index: 0 });
        times.push(performance.now() - started);
        if (!(reply as { ok?: boolean }).ok) throw new Error(`move refused: ${JSON.stringify(reply)}`);
      }
      client.socket.close();
    } finally {
      await host.stop();
      await seeded.dispose();
    }
    console.log(`  ${store.padEnd(6)} seeding ${milliseconds(seeding)}   move ack p50 ${milliseconds(percentile(times, 0.5))}   p95 ${milliseconds(percentile(times, 0.95))}`);
  }
  delete process.env.KANBOTS_STORE;
}

if (isMainModule(import.meta.url)) await benchBoardStore();
