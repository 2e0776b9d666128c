/**
 * The child process of the kill -9 durability test: runs (or continues) one dev ⇄ review run on a
 * card against the parent's scripted model server, approving every tool request, resuming an
 * interrupted run and merging at the gate. `KANBOTS_TEST_KILL_AT` lists `point#n` entries: the
 * child SIGKILLs itself when a point's occurrence count — kept in a file so it spans restarts —
 * reaches n, once per entry. A run that fails (instead of reaching the merge) is printed as
 * `FAILED <status text>` and the child exits with code 3, so the parent sees a stuck run at once.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createKanbots } from '../../src/kanbots.js';
import type { RunSummary } from '../../src/runs/run-events.js';
import { isolatedGitEnvironment } from '../../src/testing/git-fixtures.js';

const dataDir = process.env.KANBOTS_TEST_DATA_DIR!;
const repository = process.env.KANBOTS_TEST_REPOSITORY!;
const counterFile = process.env.KANBOTS_TEST_COUNTERS!;
const killAt = new Set((process.env.KANBOTS_TEST_KILL_AT ?? '').split(',').filter((entry) => entry !== ''));

interface Counters {
  counts: Record<string, number>;
  killed: string[];
}

function readCounters(): Counters {
  return existsSync(counterFile) ? (JSON.parse(readFileSync(counterFile, 'utf8')) as Counters) : { counts: {}, killed: [] };
}

function checkpoint(point: string): void {
  const counters = readCounters();
  const count = (counters.counts[point] ?? 0) + 1;
  counters.counts[point] = count;
  const entry = `${point}#${count}`;
  const kill = killAt.has(entry) && !counters.killed.includes(entry);
  if (kill) counters.killed.push(entry);
  // Replaced atomically: a kill from outside (the random-instant test) must not leave it torn.
  writeFileSync(`${counterFile}.tmp`, JSON.stringify(counters));
  renameSync(`${counterFile}.tmp`, counterFile);
  if (kill) {
    process.stdout.write(`KILL ${entry}\n`);
    process.kill(process.pid, 'SIGKILL');
  }
}

const kanbots = await createKanbots({
  dataDir,
  providers: { anthropic: { apiKey: 'sk-ant-durability-key-0001', baseURL: process.env.KANBOTS_TEST_SERVER! } },
  defaults: { model: 'dev-model' },
  gitEnvironment: { ...isolatedGitEnvironment },
  checkpoint,
});

let run = kanbots.runs.list()[0];
if (run === undefined) {
  // Killed after the card was stored but before its run was: the card is there, and is the one to run (as a person would).
  const cardId = kanbots.board.getBoard().cards[0]?.id ?? (await kanbots.board.dispatch({ type: 'card.create', title: 'Spell out line two', description: 'In src/app.txt, spell out the number on line 2.', target: { repository } })).createdId!;
  run = await kanbots.run(cardId, 'dev-review', {
    models: { developer: 'anthropic:dev-model', reviewer: 'anthropic:review-model' },
    policy: { default: 'allow', rules: { run_command: 'ask' } },
  });
}
const runId = run.id;

const done = new Promise<RunSummary>((resolve) => {
  const act = (): void => {
    const summary = kanbots.runs.get(runId);
    if (summary.status === 'merged' || summary.status === 'failed') return resolve(summary);
    if (summary.status === 'interrupted') return kanbots.resume(runId);
    for (const agent of summary.agents) if (agent.pendingApproval) kanbots.approve(runId, agent.key, agent.pendingApproval.callId);
    if (summary.status === 'needs_you' && summary.gate && !summary.activeStates.some((id) => id.endsWith('.merging'))) kanbots.merge(runId);
  };
  kanbots.subscribe((event) => {
    if (event.type !== 'run.agent.event') queueMicrotask(act);
  });
  act();
});
const summary = await done;
await kanbots.close();
if (summary.status === 'failed') {
  process.stdout.write(`FAILED ${summary.id} ${summary.statusText}\n`);
  process.exit(3);
}
process.stdout.write(`DONE ${summary.id} ${summary.status}\n`);
