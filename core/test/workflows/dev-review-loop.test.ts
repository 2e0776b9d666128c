import { afterEach, describe, expect, it } from 'vitest';
import { approve, createRunFixture, finish, models, requestChanges, write, type RunFixture } from '../runs/run-fixture.js';

let fixture: RunFixture | undefined;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
});

describe('dev ⇄ review workflow', () => {
  it('sends the findings back to the same developer conversation until the reviewer approves, then merges', async () => {
    fixture = await createRunFixture();
    const { server, repository } = fixture;
    server.script('dev-model', [write('src/app.txt', 'line 1\nline 2!\nline 3\n'), finish('First try.'), write('src/app.txt', 'line 1\nline two\nline 3\n'), finish('Spelled it out.')]);
    server.script('review-model', [requestChanges('The number on line 2 is still a digit.'), approve()]);
    const run = await fixture.kanbots.run(fixture.cardId, 'dev-review', { models, policy: { default: 'allow' } });
    const atGate = await fixture.kanbots.runs.waitFor(run.id, (summary) => summary.status === 'needs_you');
    expect(atGate.reviews.map((review) => review.verdict)).toEqual(['request_changes', 'approve']);
    expect(atGate.gate?.escalated).toBe(false);
    expect(atGate.gate?.reason).toContain('round 2');

    // The findings went to the developer's existing conversation (its third request carries the whole history).
    const developerRequests = server.requests.filter((request) => request.model === 'dev-model');
    expect(developerRequests).toHaveLength(4);
    const third = JSON.stringify(developerRequests[2]!.body);
    expect(third).toContain('In src/app.txt, spell out the number on line 2.');
    expect(third).toContain('The number on line 2 is still a digit.');

    fixture.kanbots.merge(run.id);
    const merged = await fixture.kanbots.runs.waitFor(run.id, (summary) => summary.status === 'merged');
    expect(merged.worktrees[0]?.state).toBe('removed');
    expect(await repository.git(['show', 'main:src/app.txt'])).toBe('line 1\nline two\nline 3\n');
    server.assertComplete();
    const types = fixture.events.map((event) => event.type);
    expect(types).toContain('run.created');
    expect(types.filter((type) => type === 'run.review.submitted')).toHaveLength(2);
    expect(types).toContain('run.gate.opened');
    expect(types.at(-1) === 'run.finished' || types.includes('run.finished')).toBe(true);
  });
});
