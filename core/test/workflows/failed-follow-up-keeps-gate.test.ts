import { afterEach, describe, expect, it } from 'vitest';
import type { RunSummary } from '../../src/runs/run-events.js';
import { approve, createRunFixture, finish, models, write, type RunFixture } from '../runs/run-fixture.js';

/**
 * A follow-up at the gate that fails (the model refuses the request, the network is gone) must not
 * take away what the gate offered: the approved work can still be merged or discarded from the
 * failed run, and Retry still runs the follow-up again.
 */

let fixture: RunFixture | undefined;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
});

/** Waits for the run to satisfy `predicate`, at most 20 s; the failure says what the run was doing. */
async function reach(f: RunFixture, runId: string, what: string, predicate: (run: RunSummary) => boolean): Promise<RunSummary> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const run = f.kanbots.runs.get(runId);
      reject(new Error(`The run did not reach "${what}" in 20 s: it is ${run.status} (${run.statusText}), states ${run.activeStates.join(', ')}`));
    }, 20_000);
  });
  try {
    return await Promise.race([f.kanbots.runs.waitFor(runId, predicate), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const refused = { fault: 'status' as const, status: 400 as const, message: 'The model refused this request.' };

async function failedFollowUp(f: RunFixture) {
  f.server.script('dev-model', [write('src/app.txt', 'line 1\nline two\nline 3\n'), finish('Spelled it out.'), refused]);
  f.server.script('review-model', [approve('Line two is spelled out.')]);
  const run = await f.kanbots.run(f.cardId, 'dev-review', { models, policy: { default: 'allow' } });
  const atGate = await reach(f, run.id, 'the gate', (summary) => summary.status === 'needs_you' && summary.gate !== undefined);
  f.kanbots.followUp(run.id, 'Also spell out line three.');
  const failed = await reach(f, run.id, 'failed', (summary) => summary.status === 'failed');
  return { atGate, failed };
}

describe('a failed follow-up keeps the gate', () => {
  it('shows the gate it came from on the failed run, and MERGE merges the approved work', async () => {
    fixture = await createRunFixture();
    const { atGate, failed } = await failedFollowUp(fixture);
    expect(failed.gate?.reason).toBe('The reviewer approved in round 1.');
    expect(failed.gate?.candidates).toEqual(atGate.gate?.candidates);
    expect(failed.error?.message).toContain('refused');
    fixture.kanbots.merge(failed.id);
    const merged = await reach(fixture, failed.id, 'merged', (summary) => summary.status === 'merged');
    expect(merged.error).toBeUndefined();
    expect(await fixture.repository.git(['show', 'main:src/app.txt'])).toBe('line 1\nline two\nline 3\n');
  });

  it('DISCARD from the failed run keeps the work on its branch and leaves main alone', async () => {
    fixture = await createRunFixture();
    const { failed } = await failedFollowUp(fixture);
    const branch = failed.worktrees[0]!.branch;
    fixture.kanbots.discard(failed.id);
    const discarded = await reach(fixture, failed.id, 'discarded', (summary) => summary.status === 'discarded');
    expect(discarded.worktrees[0]?.state).toBe('removed');
    expect(await fixture.repository.git(['show', `${branch}:src/app.txt`])).toBe('line 1\nline two\nline 3\n');
    expect(await fixture.repository.git(['show', 'main:src/app.txt'])).toBe('line 1\nline 2\nline 3\n');
  });

  it('RETRY runs the follow-up again; the gate hides while it works and reopens after the review', async () => {
    fixture = await createRunFixture();
    const { failed } = await failedFollowUp(fixture);
    fixture.server.script('dev-model', [write('src/app.txt', 'line 1\nline two\nline three\n'), finish('Both spelled out.')]);
    fixture.server.script('review-model', [approve('Both lines are spelled out.')]);
    fixture.kanbots.retry(failed.id);
    const again = await reach(fixture, failed.id, 'the gate after a second review', (summary) => summary.status === 'needs_you' && summary.reviews.length === 2);
    expect(again.gate?.reason).toBe('The reviewer approved in round 2.');
    expect(again.error).toBeUndefined();
    fixture.kanbots.merge(again.id);
    await reach(fixture, again.id, 'merged', (summary) => summary.status === 'merged');
    expect(await fixture.repository.git(['show', 'main:src/app.txt'])).toBe('line 1\nline two\nline three\n');
  });

  it('a failure before the gate was ever reached still offers only RETRY and CANCEL', async () => {
    fixture = await createRunFixture();
    fixture.server.script('dev-model', [refused]);
    const run = await fixture.kanbots.run(fixture.cardId, 'dev-review', { models, policy: { default: 'allow' } });
    const failed = await reach(fixture, run.id, 'failed', (summary) => summary.status === 'failed');
    expect(failed.gate).toBeUndefined();
    fixture.kanbots.merge(run.id);
    fixture.kanbots.retry(run.id);
    fixture.server.script('dev-model', [finish('Nothing to change.')]);
    fixture.server.script('review-model', [approve()]);
    const atGate = await reach(fixture, run.id, 'the gate', (summary) => summary.status === 'needs_you' && summary.gate !== undefined);
    expect(atGate.status).toBe('needs_you');
    expect(await fixture.repository.git(['show', 'main:src/app.txt'])).toBe('line 1\nline 2\nline 3\n');
  });
});
