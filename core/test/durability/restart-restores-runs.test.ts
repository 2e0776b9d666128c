import { afterEach, describe, expect, it } from 'vitest';
import { createRunFixture, finish, write, type RunFixture } from '../runs/run-fixture.js';

let fixture: RunFixture | undefined;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
});

describe('restart restores every run', () => {
  it('a paused run comes back paused and finishes after RESUME', async () => {
    fixture = await createRunFixture();
    fixture.server.script('dev-model', [{ ...write('src/app.txt', 'slow\n'), latencyMs: 300 }, write('src/app.txt', 'after restart\n'), finish('Done.')]);
    const run = await fixture.kanbots.run(fixture.cardId, 'solo', { policy: { default: 'allow' } });
    await fixture.kanbots.runs.waitFor(run.id, (summary) => summary.agents[0]?.phase === 'requesting');
    fixture.kanbots.pause(run.id);
    await fixture.kanbots.runs.waitFor(run.id, (summary) => summary.status === 'paused');
    const kanbots = await fixture.reopen();
    expect(kanbots.runs.get(run.id)).toMatchObject({ status: 'paused', activeStates: ['solo.developing'] });
    kanbots.resume(run.id);
    const atGate = await kanbots.runs.waitFor(run.id, (summary) => summary.status === 'needs_you');
    expect(await fixture.repository.readFile('src/app.txt', atGate.worktrees[0]!.path)).toBe('after restart\n');
  });

  it('a run stopped mid-step comes back interrupted, waits for RESUME (or resumes by itself when configured)', async () => {
    fixture = await createRunFixture();
    fixture.server.script('dev-model', [{ ...write('src/app.txt', 'slow\n'), latencyMs: 300 }, write('src/app.txt', 'manual\n'), { ...write('src/app.txt', 'slow again\n'), latencyMs: 300 }, write('src/app.txt', 'automatic\n'), finish('Done.')]);
    const run = await fixture.kanbots.run(fixture.cardId, 'solo', { policy: { default: 'allow' } });
    await fixture.kanbots.runs.waitFor(run.id, (summary) => summary.agents[0]?.phase === 'requesting');
    let kanbots = await fixture.reopen();
    const interrupted = kanbots.runs.get(run.id);
    expect(interrupted.status).toBe('interrupted');
    expect(interrupted.agents[0]?.phase).toBe('paused');
    kanbots.resume(run.id);
    await kanbots.runs.waitFor(run.id, (summary) => summary.agents[0]?.turn === 2 && summary.agents[0].phase === 'requesting');
    kanbots = await fixture.reopen({ resumeInterrupted: 'automatic' });
    const atGate = await kanbots.runs.waitFor(run.id, (summary) => summary.status === 'needs_you');
    expect(await fixture.repository.readFile('src/app.txt', atGate.worktrees[0]!.path)).toBe('automatic\n');
  });
});
