import { afterEach, describe, expect, it } from 'vitest';
import type { InspectionEvent } from 'xstate';
import { createKanbots } from '../../src/kanbots.js';
import { DataDirLockedError } from '../../src/store/store-errors.js';
import { createRunFixture, finish, write, type RunFixture } from './run-fixture.js';

let fixture: RunFixture | undefined;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
});

describe('createKanbots (headless API)', () => {
  it('opens a locked data directory with a board, repositories, runs, statecharts and an inspection hook', async () => {
    const inspected: InspectionEvent[] = [];
    fixture = await createRunFixture({ inspect: (event) => inspected.push(event) });
    const { kanbots } = fixture;
    await expect(createKanbots({ dataDir: fixture.dataDir, providers: {} })).rejects.toBeInstanceOf(DataDirLockedError);
    const repository = await kanbots.repositories.register(fixture.repository.path);
    expect(repository.defaultBase).toBe('main');
    expect(Object.keys(kanbots.statecharts())).toEqual(['run', 'board', 'agent', 'agent-hold', 'cli-agent', 'solo', 'dev-review', 'best-of-n', 'pipeline']);
    expect(kanbots.statecharts()['dev-review']!.states.map((state) => state.key)).toContain('reviewing');

    fixture.server.script('dev-model', [write('src/app.txt', 'x\n'), finish('Done.')]);
    const run = await kanbots.run(fixture.cardId, 'solo', { policy: { default: 'allow' } });
    expect(kanbots.runs.list().map((summary) => summary.id)).toEqual([run.id]);
    await kanbots.runs.waitFor(run.id, (summary) => summary.status === 'needs_you');
    expect(await kanbots.repositories.list()).toEqual([fixture.repository.path]);
    expect(inspected.some((event) => event.type === '@xstate.snapshot' && (event.actorRef as { id?: string }).id === kanbots.runs.get(run.id).agents[0]!.agentId)).toBe(true);
    expect(inspected.some((event) => event.type === '@xstate.event')).toBe(true);
  });

  it('refuses a card without a repository and an unknown workflow with readable errors', async () => {
    fixture = await createRunFixture();
    const bare = await fixture.kanbots.board.dispatch({ type: 'card.create', title: 'No repository' });
    await expect(fixture.kanbots.run(bare.createdId!, 'solo')).rejects.toThrow(/has no repository/);
    await expect(fixture.kanbots.run(fixture.cardId, 'nope' as never)).rejects.toThrow(/not available/);
  });
});
