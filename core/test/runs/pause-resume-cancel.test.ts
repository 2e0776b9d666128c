import { afterEach, describe, expect, it } from 'vitest';
import { createRunFixture, finish, write, type RunFixture } from './run-fixture.js';

let fixture: RunFixture | undefined;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
});

const slow = { ...write('src/app.txt', 'slow\n'), latencyMs: 400 };

describe('pause, resume and cancel', () => {
  it('pauses the whole run mid-request and resumes it to the end', async () => {
    fixture = await createRunFixture();
    fixture.server.script('dev-model', [slow, write('src/app.txt', 'resumed\n'), finish('Done.')]);
    const run = await fixture.kanbots.run(fixture.cardId, 'solo', { policy: { default: 'allow' } });
    await fixture.kanbots.runs.waitFor(run.id, (summary) => summary.agents[0]?.phase === 'requesting');
    fixture.kanbots.pause(run.id);
    const paused = await fixture.kanbots.runs.waitFor(run.id, (summary) => summary.status === 'paused');
    expect(paused.agents[0]?.phase).toBe('paused');
    fixture.kanbots.resume(run.id);
    const atGate = await fixture.kanbots.runs.waitFor(run.id, (summary) => summary.status === 'needs_you');
    expect(await fixture.repository.readFile('src/app.txt', atGate.worktrees[0]!.path)).toBe('resumed\n');
  });

  it('pauses and resumes one agent of a run', async () => {
    fixture = await createRunFixture();
    fixture.server.script('dev-model', [slow, write('src/app.txt', 'resumed\n'), finish('Done.')]);
    const run = await fixture.kanbots.run(fixture.cardId, 'solo', { policy: { default: 'allow' } });
    await fixture.kanbots.runs.waitFor(run.id, (summary) => summary.agents[0]?.phase === 'requesting');
    fixture.kanbots.pause(run.id, 'developer');
    const paused = await fixture.kanbots.runs.waitFor(run.id, (summary) => summary.agents[0]?.phase === 'paused');
    expect(paused.status).toBe('running');
    fixture.kanbots.resume(run.id, 'developer');
    await fixture.kanbots.runs.waitFor(run.id, (summary) => summary.status === 'needs_you');
  });

  it("keeps an agent the person paused on its own paused through the run's pause and resume, and across a restart", async () => {
    fixture = await createRunFixture();
    fixture.server.script('dev-model', [slow, write('src/app.txt', 'resumed\n'), finish('Done.')]);
    const run = await fixture.kanbots.run(fixture.cardId, 'solo', { policy: { default: 'allow' } });
    await fixture.kanbots.runs.waitFor(run.id, (summary) => summary.agents[0]?.phase === 'requesting');
    fixture.kanbots.pause(run.id, 'developer');
    await fixture.kanbots.runs.waitFor(run.id, (summary) => summary.agents[0]?.phase === 'paused');
    fixture.kanbots.pause(run.id);
    await fixture.kanbots.runs.waitFor(run.id, (summary) => summary.status === 'paused');
    fixture.kanbots.resume(run.id);
    const runResumed = await fixture.kanbots.runs.waitFor(run.id, (summary) => summary.status === 'running');
    expect(runResumed.agents[0]?.phase).toBe('paused');
    expect(runResumed.statusText).toBe('Developer is paused');

    // After a restart the run comes back interrupted; resuming it still leaves the developer paused.
    const kanbots = await fixture.reopen();
    expect(kanbots.runs.get(run.id).agents[0]?.phase).toBe('paused');
    kanbots.resume(run.id);
    const afterRestart = await kanbots.runs.waitFor(run.id, (summary) => summary.status === 'running');
    expect(afterRestart.agents[0]?.phase).toBe('paused');
    kanbots.resume(run.id, 'developer');
    const atGate = await kanbots.runs.waitFor(run.id, (summary) => summary.status === 'needs_you');
    expect(await fixture.repository.readFile('src/app.txt', atGate.worktrees[0]!.path)).toBe('resumed\n');
  });

  it('cancels a run: agents are cancelled, the worktree (and its work) stays', async () => {
    fixture = await createRunFixture();
    fixture.server.script('dev-model', [slow]);
    const run = await fixture.kanbots.run(fixture.cardId, 'solo', { policy: { default: 'allow' } });
    await fixture.kanbots.runs.waitFor(run.id, (summary) => summary.agents[0]?.phase === 'requesting');
    fixture.kanbots.cancel(run.id);
    const cancelled = await fixture.kanbots.runs.waitFor(run.id, (summary) => summary.status === 'cancelled');
    expect(cancelled.agents[0]?.phase).toBe('cancelled');
    expect(cancelled.worktrees[0]?.state).toBe('active');
    expect(fixture.events.some((event) => event.type === 'run.finished' && event.outcome === 'cancelled')).toBe(true);
  });
});
