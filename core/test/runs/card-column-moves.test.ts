import { afterEach, describe, expect, it } from 'vitest';
import { createRunFixture, finish, write, type RunFixture } from './run-fixture.js';

let fixture: RunFixture | undefined;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
});

function columnOf(f: RunFixture): string | undefined {
  const board = f.kanbots.board.getBoard();
  const card = board.cards.find((candidate) => candidate.id === f.cardId);
  return board.columns.find((column) => column.id === card?.columnId)?.name;
}

describe('card column moves', () => {
  it('moves the card with its run: In progress while running, Review at the gate, Done when merged', async () => {
    fixture = await createRunFixture();
    const seen: string[] = [];
    fixture.kanbots.board.subscribe(() => {
      const name = columnOf(fixture!);
      if (name !== undefined && seen.at(-1) !== name) seen.push(name);
    });
    fixture.server.script('dev-model', [write('src/app.txt', 'x\n'), finish('Done.')]);
    expect(columnOf(fixture)).toBe('Backlog');
    const run = await fixture.kanbots.run(fixture.cardId, 'solo', { policy: { default: 'allow' } });
    await fixture.kanbots.runs.waitFor(run.id, (summary) => summary.status === 'needs_you');
    expect(columnOf(fixture)).toBe('Review');
    fixture.kanbots.merge(run.id);
    await fixture.kanbots.runs.waitFor(run.id, (summary) => summary.status === 'merged');
    expect(seen).toEqual(['In progress', 'Review', 'Done']);
  });

  it('uses configured column names and skips silently a column that does not exist', async () => {
    fixture = await createRunFixture({ columns: { running: 'Doing', gate: 'Review' } });
    await fixture.kanbots.board.dispatch({ type: 'column.rename', columnId: fixture.kanbots.board.getBoard().columns[1]!.id, name: 'Doing' });
    fixture.server.script('dev-model', [write('src/app.txt', 'x\n'), { ...finish('Done.'), latencyMs: 200 }]);
    const run = await fixture.kanbots.run(fixture.cardId, 'solo', { policy: { default: 'allow' }, model: 'dev-model' });
    await fixture.kanbots.runs.waitFor(run.id, (summary) => summary.agents[0]?.phase === 'requesting' && summary.agents[0].turn === 1);
    expect(columnOf(fixture)).toBe('Doing');
    await fixture.kanbots.board.dispatch({ type: 'column.remove', columnId: fixture.kanbots.board.getBoard().columns.find((column) => column.name === 'Review')!.id });
    const atGate = await fixture.kanbots.runs.waitFor(run.id, (summary) => summary.status === 'needs_you');
    expect(atGate.status).toBe('needs_you');
    expect(columnOf(fixture)).toBe('Doing');
  });

  it('leaves the card where it was while the run has not really started: a refused key fails it before any answer', async () => {
    fixture = await createRunFixture();
    fixture.server.script('dev-model', [{ fault: 'status', status: 401 }, write('src/app.txt', 'x\n'), finish('Done.')]);
    const run = await fixture.kanbots.run(fixture.cardId, 'solo', { policy: { default: 'allow' } });
    const failed = await fixture.kanbots.runs.waitFor(run.id, (summary) => summary.status === 'failed');
    expect(failed.error?.code).toBe('provider_auth');
    expect(columnOf(fixture)).toBe('Backlog');
    fixture.kanbots.retry(run.id);
    await fixture.kanbots.runs.waitFor(run.id, (summary) => summary.status === 'needs_you');
    expect(columnOf(fixture)).toBe('Review');
  });

  it('Stop retrying fails the run at once with the last error (it needs the person) and the card stays put', async () => {
    fixture = await createRunFixture();
    fixture.server.script('dev-model', [{ fault: 'status', status: 529, retryAfter: '30' }, write('src/app.txt', 'x\n'), finish('Done.')]);
    const run = await fixture.kanbots.run(fixture.cardId, 'solo', { policy: { default: 'allow' } });
    await fixture.kanbots.runs.waitFor(run.id, (summary) => summary.agents[0]?.phase === 'backingOff');
    expect(columnOf(fixture)).toBe('Backlog');
    fixture.kanbots.stopRetrying(run.id);
    const failed = await fixture.kanbots.runs.waitFor(run.id, (summary) => summary.status === 'failed');
    expect(failed.error?.code).toBe('provider_overloaded');
    expect(failed.error?.details?.['retries']).toMatchObject({ attempts: 1, stoppedBy: 'person' });
    expect(columnOf(fixture)).toBe('Backlog');
    fixture.kanbots.retry(run.id);
    await fixture.kanbots.runs.waitFor(run.id, (summary) => summary.status === 'needs_you');
    expect(columnOf(fixture)).toBe('Review');
  });
});
