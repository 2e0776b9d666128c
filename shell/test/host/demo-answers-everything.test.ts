import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { RunSummary } from '@kanbots/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoOwnCardTitle, startDemo, type RunningDemo } from '../../src/host/demo.js';

/**
 * The demo has an answer for whatever a newcomer does: deny the developer's `npm test`, follow up at
 * the gate, run best-of-N on their own card and follow up on one candidate, run a pipeline, pause
 * mid-answer. Every run reaches its gate and no request to the scripted model is ever unscripted.
 * Against the real host and scripted model server (fast pacing), driven through the runtime.
 */

const git = promisify(execFile);
const gitEnvironment = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };

describe('the demo answers every button', () => {
  let demo: RunningDemo;

  beforeAll(async () => {
    demo = await startDemo({ latencyMs: 5, chunkDelayMs: 1 });
  });

  afterAll(async () => {
    await demo?.stop();
  });

  const runs = () => demo.host.kanbots.runs;

  /** Waits (at most 20 s) for the run to satisfy `predicate`; the failure says where the run was. */
  async function reach(runId: string, what: string, predicate: (run: RunSummary) => boolean): Promise<RunSummary> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const run = runs().get(runId);
        reject(new Error(`The run did not reach "${what}" in 20 s: it is ${run.status} (${run.statusText})`));
      }, 20_000);
    });
    try {
      return await Promise.race([runs().waitFor(runId, predicate), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  const atGate = (run: RunSummary): boolean => run.status === 'needs_you' && run.gate !== undefined && run.agents.every((agent) => agent.pendingApproval === undefined);
  const waitingApproval = (run: RunSummary): RunSummary['agents'][number] | undefined => run.agents.find((agent) => agent.pendingApproval !== undefined);
  const cardNamed = (title: string): string => demo.host.kanbots.board.getBoard().cards.find((card) => card.title === title)!.id;

  function unscripted(): string[] {
    return demo.server.requests.filter((request) => request.outcome === 'unscripted' || request.outcome === 'unknown-path').map((request) => `${request.lane} ${request.path}`);
  }

  it('a denied npm test is answered by the developer, and the run still reaches its gate', async () => {
    const started = await demo.host.kanbots.run(demo.cardId, 'dev-review');
    const asking = await reach(started.id, 'an approval', (run) => waitingApproval(run) !== undefined);
    const agent = waitingApproval(asking)!;
    expect(agent.pendingApproval?.input).toEqual({ command: 'npm test' });
    demo.host.kanbots.deny(started.id, agent.key, agent.pendingApproval!.callId, 'Not now');
    const gate = await reach(started.id, 'the gate', atGate);
    expect(gate.reviews.map((review) => review.verdict)).toEqual(['request_changes', 'approve']);
    const developerRequests = demo.server.requests.filter((request) => JSON.stringify(request.body).includes('denied by the user'));
    expect(developerRequests.length).toBeGreaterThan(0);
    const reviewerSaw = demo.server.requests.filter((request) => JSON.stringify(request.body).includes('you denied it'));
    expect(reviewerSaw.length).toBeGreaterThan(0);

    // A follow-up at the gate: written down, reviewed again, back at the gate; then merged.
    demo.host.kanbots.followUp(started.id, 'Also keep digits like "2nd"');
    const again = await reach(started.id, 'the gate after the follow-up', (run) => atGate(run) && run.reviews.length === 3);
    expect(again.reviews.at(-1)?.verdict).toBe('approve');
    const worktree = again.worktrees[0]!.path;
    expect(await readFile(join(worktree, 'FOLLOW-UP.md'), 'utf8')).toContain('Also keep digits like "2nd"');
    demo.host.kanbots.merge(started.id);
    await reach(started.id, 'merged', (run) => run.status === 'merged');
    const { stdout } = await git('git', ['show', 'main:src/slugify.js'], { cwd: demo.repository, env: gitEnvironment });
    expect(stdout).toContain(".normalize('NFD')");
    expect(unscripted()).toEqual([]);
  });

  it("best-of-N on one's own card: three different candidates, a judge's pick, a follow-up on one, a merge", async () => {
    const started = await demo.host.kanbots.run(cardNamed(demoOwnCardTitle), 'best-of-n', { candidates: 3 });
    const gate = await reach(started.id, 'the gate', atGate);
    expect(gate.gate?.candidates).toEqual(['candidate-1', 'candidate-2', 'candidate-3']);
    expect(gate.gate?.recommended).toBeDefined();
    expect(gate.gate?.reason).toMatch(/^The judge recommends Candidate [ABC]\.$/);
    expect(gate.gate?.reasons?.map((reason) => reason.candidate)).toEqual(['candidate-1', 'candidate-2', 'candidate-3']);
    const notes = await Promise.all(gate.worktrees.map((worktree) => readFile(join(worktree.path, 'DEMO-NOTES.md'), 'utf8')));
    expect(new Set(notes.map((note) => note.split('\n')[0])).size).toBe(3);
    const recommended = gate.worktrees.find((worktree) => worktree.key === gate.gate?.recommended)!;
    expect(await readFile(join(recommended.path, 'DEMO-NOTES.md'), 'utf8')).toContain('a checklist');

    demo.host.kanbots.followUp(started.id, 'Add a line about the gate', 'candidate-2');
    await reach(started.id, 'following up', (run) => run.status === 'running');
    const back = await reach(started.id, 'the gate after the follow-up', atGate);
    const second = back.worktrees.find((worktree) => worktree.key === 'candidate-2')!;
    expect(await readFile(join(second.path, 'FOLLOW-UP.md'), 'utf8')).toContain('Add a line about the gate');
    demo.host.kanbots.merge(started.id, gate.gate!.recommended);
    await reach(started.id, 'merged', (run) => run.status === 'merged');
    expect(unscripted()).toEqual([]);
  });

  it('a pipeline, paused and resumed mid-answer, reaches its gate', async () => {
    const card = (await demo.host.kanbots.board.dispatch({ type: 'card.create', title: 'Write a changelog', description: 'List what changed.', target: { repository: demo.repository, baseBranch: 'main' } })).createdId!;
    const started = await demo.host.kanbots.run(card, 'pipeline');
    await reach(started.id, 'working', (run) => run.agents.some((agent) => agent.phase === 'requesting'));
    demo.host.kanbots.pause(started.id);
    await reach(started.id, 'paused', (run) => run.status === 'paused');
    demo.host.kanbots.resume(started.id);
    const gate = await reach(started.id, 'the gate', atGate);
    expect(gate.gate?.reason).toContain('verdict approve');
    expect(await readFile(join(gate.worktrees[0]!.path, 'DEMO-NOTES.md'), 'utf8')).toContain('Write a changelog');
    demo.host.kanbots.discard(started.id);
    await reach(started.id, 'discarded', (run) => run.status === 'discarded');
    expect(unscripted()).toEqual([]);
  });
});
