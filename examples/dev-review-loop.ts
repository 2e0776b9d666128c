/**
 * A whole dev ⇄ review loop, headless: a developer agent changes a file in its own worktree, a
 * reviewer agent requests changes once, the developer fixes them in the same conversation, the
 * reviewer approves, and the branch is merged. The "models" are Kanbots' scripted model server on
 * 127.0.0.1, spoken to by the real Anthropic adapter, so this runs offline.
 *
 *   node --conditions=kanbots-source --import tsx examples/dev-review-loop.ts
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKanbots } from '@kanbots/core';
import { createTestRepository, startScriptedModelServer } from '@kanbots/core/testing';

const repository = await createTestRepository();
const server = await startScriptedModelServer();
const dataDir = await mkdtemp(join(tmpdir(), 'kanbots-example-'));
try {
  server.script('developer-model', [
    { toolCalls: [{ name: 'edit_file', input: { path: 'src/app.txt', old_string: 'line 2', new_string: 'line 2 (two)' } }] },
    { toolCalls: [{ name: 'finish', input: { summary: 'Added the word next to the digit.' } }] },
    { toolCalls: [{ name: 'write_file', input: { path: 'src/app.txt', content: 'line 1\nline two\nline 3\n' } }] },
    { toolCalls: [{ name: 'finish', input: { summary: 'Replaced the digit by the word.' } }] },
  ]);
  server.script('reviewer-model', [
    {
      toolCalls: [
        {
          name: 'submit_review',
          input: { verdict: 'request_changes', summary: 'Half done.', findings: [{ file: 'src/app.txt', line: 2, severity: 'major', message: 'Spell the number out instead of adding it in brackets.' }] },
        },
      ],
    },
    { toolCalls: [{ name: 'submit_review', input: { verdict: 'approve', summary: 'Line 2 reads "line two".', findings: [] } }] },
  ]);

  const kanbots = await createKanbots({
    dataDir,
    providers: { anthropic: { apiKey: 'not-a-real-key', baseURL: server.anthropicBaseUrl } },
    gitEnvironment: repository.gitEnvironment,
  });
  kanbots.subscribe((event) => {
    if (event.type === 'run.review.submitted') {
      const findings = event.review.findings.map((finding) => ` — ${finding.file}:${finding.line ?? ''} ${finding.message}`).join('');
      console.log(`review round ${event.round}: ${event.review.verdict}${findings}`);
    }
    if (event.type === 'run.gate.opened') console.log(`gate: ${event.gate.reason}`);
    if (event.type === 'run.finished') console.log(`run ${event.outcome}`);
  });

  const card = await kanbots.board.dispatch({ type: 'card.create', title: 'Spell out line two', target: { repository: repository.path } });
  const run = await kanbots.run(card.createdId!, 'dev-review', {
    models: { developer: 'anthropic:developer-model', reviewer: 'anthropic:reviewer-model' },
    policy: { default: 'allow' },
  });
  await kanbots.runs.waitFor(run.id, (summary) => summary.status === 'needs_you');
  kanbots.merge(run.id);
  const merged = await kanbots.runs.waitFor(run.id, (summary) => summary.status === 'merged');
  const board = kanbots.board.getBoard();
  const column = board.columns.find((candidate) => candidate.id === board.cards[0]?.columnId);
  console.log(`card is in "${column?.name}" after ${merged.reviews.length} reviews by ${merged.agents.map((agent) => agent.role).join(' and ')}`);
  console.log(`main:src/app.txt is now ${JSON.stringify(await repository.git(['show', 'main:src/app.txt']))}`);
  await kanbots.close();
  server.assertComplete();
} finally {
  await server.close();
  await repository.cleanup();
  await rm(dataDir, { recursive: true, force: true });
}

// Expected output:
// review round 1: request_changes — src/app.txt:2 Spell the number out instead of adding it in brackets.
// review round 2: approve
// gate: The reviewer approved in round 2.
// run merged
// card is in "Done" after 2 reviews by developer and reviewer
// main:src/app.txt is now "line 1\nline two\nline 3\n"
