import { createActor, fromCallback, fromPromise, type AnyEventObject, type EventObject } from 'xstate';
import { describe, expect, it } from 'vitest';
import { devReviewWorkflow } from '../../src/workflows/dev-review-workflow.js';
import type { AgentStepInput, AgentStepOutput, MergeCandidateOutput } from '../../src/workflows/workflow-types.js';

/** The dev ⇄ review statechart on its own: its effects bound with `.provide()` (STYLE §2), no git, no model. */
function harness(reviews: unknown[], failing: string[] = []) {
  const deliveries: AgentStepInput[] = [];
  const effects: string[] = [];
  const machine = devReviewWorkflow.provide({
    actors: {
      prepareWorktrees: fromPromise<void, { keys: string[] }>(async () => undefined),
      // The step's child actor answers with an event: the output, or the failure as data.
      agentStep: fromCallback<EventObject, AgentStepInput>(({ input, sendBack }) => {
        deliveries.push(input);
        if (failing.includes(input.stepId)) {
          sendBack({ type: 'agent.step.failed', agent: input.agent, stepId: input.stepId, error: { name: 'ProviderError', code: 'auth', message: 'The key was refused (401).', retryable: false } });
          return;
        }
        const output: AgentStepOutput = { agent: input.agent, stepId: input.stepId, result: input.role === 'reviewer' ? reviews.shift() : { summary: `done ${input.stepId}` } };
        sendBack({ type: 'agent.step.done', output });
      }),
      mergeCandidate: fromPromise<MergeCandidateOutput, { candidate: string }>(async ({ input }) => ({ merged: true, commit: `merged ${input.candidate}` })),
      discardCandidates: fromPromise<void, { candidates: string[] }>(async () => undefined),
    },
    actions: {
      pauseAgents: () => void effects.push('pauseAgents'),
      resumeAgents: () => void effects.push('resumeAgents'),
      cancelAgents: () => void effects.push('cancelAgents'),
    },
  });
  const actor = createActor(machine, { input: { task: 'Do it.', maxRounds: 3 } });
  const emitted: AnyEventObject[] = [];
  actor.on('*', (event) => emitted.push(event));
  const settle = (state: string) =>
    new Promise<void>((resolve) => {
      const check = () => actor.getSnapshot().value === state && resolve();
      actor.subscribe(check);
      check();
    });
  return { actor, deliveries, effects, emitted, settle };
}

const finding = { file: 'a.ts', severity: 'major', message: 'Handle the empty list.' };

describe('dev ⇄ review statechart', () => {
  it('loops developer → reviewer with unique step ids, keeps the developer key, and opens the gate on approval', async () => {
    const { actor, deliveries, emitted, settle } = harness([{ verdict: 'request_changes', findings: [finding] }, { verdict: 'approve', findings: [] }]);
    actor.start();
    await settle('gate');
    expect(deliveries.map((step) => `${step.agent}:${step.stepId}`)).toEqual(['developer:developer#1', 'reviewer:reviewer#2', 'developer:developer#3', 'reviewer:reviewer#4']);
    expect(deliveries[2]!.message).toContain('[major] a.ts — Handle the empty list.');
    expect(emitted.map((event) => event.type)).toEqual(['review.submitted', 'review.submitted', 'gate.opened']);
    actor.send({ type: 'MERGE' });
    await settle('merged');
    expect(actor.getSnapshot().status).toBe('done');
  });

  it('records PAUSE/RESUME without leaving the step and names the effects it needs', async () => {
    const { actor, effects, settle } = harness([{ verdict: 'approve', findings: [] }]);
    actor.start();
    actor.send({ type: 'PAUSE' });
    expect(actor.getSnapshot().context.paused).toBe(true);
    actor.send({ type: 'RESUME' });
    await settle('gate');
    actor.send({ type: 'CANCEL' });
    expect(effects).toEqual(['pauseAgents', 'resumeAgents', 'cancelAgents']);
    expect(actor.getSnapshot().value).toBe('cancelled');
  });

  it("takes an agent's failure as an event with its data: failed at that step, the error kept, RETRY delivers the step again", async () => {
    const { actor, deliveries, emitted, settle } = harness([{ verdict: 'approve', findings: [] }], ['reviewer#2']);
    actor.start();
    await settle('failed');
    const failure = actor.getSnapshot().context.failure;
    expect(failure).toEqual({ state: 'reviewing', error: { name: 'ProviderError', code: 'auth', message: 'The key was refused (401).', retryable: false } });
    expect(actor.getSnapshot().hasTag('failed')).toBe(true);
    expect(emitted.at(-1)).toMatchObject({ type: 'step.failed', state: 'reviewing', error: { code: 'auth' } });
    deliveries.length = 0;
    actor.send({ type: 'RETRY' });
    // The same step (same id) is delivered again, with the next attempt.
    expect(deliveries.map((step) => `${step.stepId}@${step.attempt}`)).toEqual(['reviewer#2@1']);
  });

  it('treats a reviewer answer that is not a valid review as a change request', async () => {
    const { actor, deliveries, settle } = harness([{ verdict: 'maybe' }, { verdict: 'approve', findings: [] }]);
    actor.start();
    await settle('gate');
    expect(deliveries[2]!.message).toContain('The reviewer did not submit a valid review.');
  });
});
