import { afterEach, describe, expect, it } from 'vitest';
import { createRunFixture, finish, write, type RunFixture } from './run-fixture.js';

let fixture: RunFixture | undefined;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
});

describe('retry of a failed step', () => {
  it('fails the run with a readable reason on a non-retryable provider error, and RETRY continues the same agent', async () => {
    fixture = await createRunFixture();
    fixture.server.script('dev-model', [{ fault: 'status', status: 400, message: 'bad request from the scripted server' }, write('src/app.txt', 'after retry\n'), finish('Done.')]);
    const run = await fixture.kanbots.run(fixture.cardId, 'solo', { policy: { default: 'allow' } });
    const failed = await fixture.kanbots.runs.waitFor(run.id, (summary) => summary.status === 'failed');
    expect(failed.statusText).toMatch(/^Stopped while the developer was working: .* — retry or cancel$/);
    expect(failed.error).toBeDefined();
    fixture.kanbots.retry(run.id);
    const atGate = await fixture.kanbots.runs.waitFor(run.id, (summary) => summary.status === 'needs_you');
    expect(await fixture.repository.readFile('src/app.txt', atGate.worktrees[0]!.path)).toBe('after retry\n');
    expect(atGate.agents).toHaveLength(1); // the same agent, not a new one
    fixture.server.assertComplete();
  });
});
