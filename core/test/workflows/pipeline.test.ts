import { afterEach, describe, expect, it } from 'vitest';
import { approve, createRunFixture, finish, write, type RunFixture } from '../runs/run-fixture.js';

let fixture: RunFixture | undefined;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
});

describe('pipeline workflow', () => {
  it('runs planner → developer → tester → reviewer in order, each seeing the earlier outputs', async () => {
    fixture = await createRunFixture();
    const { server } = fixture;
    server.script('plan-model', [finish('PLAN: edit line 2 of src/app.txt')]);
    server.script('dev-model', [write('src/app.txt', 'line 1\nline two\nline 3\n'), finish('DEV: spelled out line 2')]);
    server.script('test-model', [write('test/app.test.txt', 'expects line two\n'), finish('TEST: added a check')]);
    server.script('review-model', [approve('REVIEW: fine')]);
    const run = await fixture.kanbots.run(fixture.cardId, 'pipeline', {
      models: { planner: 'anthropic:plan-model', developer: 'anthropic:dev-model', tester: 'anthropic:test-model', reviewer: 'anthropic:review-model' },
      policy: { default: 'allow' },
    });
    const atGate = await fixture.kanbots.runs.waitFor(run.id, (summary) => summary.status === 'needs_you');
    expect(atGate.agents.map((agent) => `${agent.key}:${agent.role}`)).toEqual(['step-1:planner', 'step-2:developer', 'step-3:tester', 'step-4:reviewer']);
    expect(server.requests.map((request) => request.model)).toEqual(['plan-model', 'dev-model', 'dev-model', 'test-model', 'test-model', 'review-model']);
    const bodyOf = (model: string) => JSON.stringify(server.requests.find((request) => request.model === model)!.body);
    expect(bodyOf('dev-model')).toContain('PLAN: edit line 2 of src/app.txt');
    expect(bodyOf('test-model')).toContain('DEV: spelled out line 2');
    expect(bodyOf('review-model')).toContain('TEST: added a check');
    expect(atGate.gate?.reason).toContain('planner → developer → tester → reviewer');
    expect(atGate.gate?.reason).toContain('verdict approve: REVIEW: fine');
    server.script('dev-model', [finish('DEV: also handled line 3')]);
    server.script('test-model', [finish('TEST: still green')]);
    server.script('review-model', [approve('REVIEW: still fine')]);
    fixture.kanbots.followUp(run.id, 'Also check line 3.');
    const again = await fixture.kanbots.runs.waitFor(run.id, (summary) => summary.status === 'needs_you' && summary.gate?.reason.includes('still fine') === true);
    expect(again.agents).toHaveLength(4); // the same four conversations continued
    expect(JSON.stringify(server.requests.at(-2)!.body)).toContain('DEV: also handled line 3');
    fixture.kanbots.merge(run.id);
    await fixture.kanbots.runs.waitFor(run.id, (summary) => summary.status === 'merged');
    expect(await fixture.repository.git(['show', 'main:test/app.test.txt'])).toBe('expects line two\n');
  });
});
