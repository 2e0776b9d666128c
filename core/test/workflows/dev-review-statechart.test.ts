import { createActor, fromPromise, type AnyEventObject } from 'xstate';
import { describe, expect, it } from 'vitest';
import { devReviewWorkflow } from '../../src/workflows/dev-review-workflow.js';
import type { AgentStepInput, AgentStepOutput, MergeCandidateOutput } from '../../src/workflows/workflow-types.js';

/** The dev ⇄ review statechart on its own: its effects bound with `.provide()` (STYLE §2), no git, no model. */
function harness(reviews: unknown[]) {
  const deliveries: AgentStepInput[] = [];
  const effects: string[] = [];
  const machine = devReviewWorkflow.provide({
    actors: {
      prepareWorktrees: fromPromise<void, { keys: string[] }>(async () => undefined),
      agentStep: fromPromise<AgentStepOutput, AgentStepInput>(async ({ input }) => {
        deliveries.push(input);
        return { agent: input.agent, stepId: input.stepId, result: input.role === 'reviewer' ? reviews.shift() : { summary: `done ${input.stepId}` } };
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

  it('treats a reviewer answer that is not a valid review as a change request', async () => {
    const { actor, deliveries, settle } = harness([{ verdict: 'maybe' }, { verdict: 'approve', findings: [] }]);
    actor.start();
    await settle('gate');
    expect(deliveries[2]!.message).toContain('The reviewer did not submit a valid review.');
  });
});
