import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ScriptedModelServer } from './scripted-model-server/index.js';
import { createDemoDirector } from './demo-director.js';
import type { RecordedRequest, ScriptedReply } from './scripted-model-server/scripted-step.js';

/**
 * The demo that `npm run demo` plays: a tiny JavaScript project with a `slugify` that mishandles
 * accents and repeated spaces, a card asking to fix it, and a scripted developer and reviewer. It is
 * a SCRIPTED model — no AI is involved — so a newcomer can watch a whole dev ⇄ review run (an
 * approval, a change request, a second round, an approval and a merge) without an API key, and
 * press any other button (deny, follow up, best-of-N on their own card) and still get an answer.
 */

export const demoModels = { developer: 'kanbots-scripted-developer', reviewer: 'kanbots-scripted-reviewer' } as const;

export const demoCard = {
  title: 'Make slugify handle accents and repeated spaces',
  description: 'slugify("Crème  brûlée") should give "creme-brulee". Keep the tests green.',
  labels: ['demo', 'bug'],
} as const;

const slugifyBefore = `export function slugify(text) {
  return text.toLowerCase().replace(/[^a-z0-9 ]/g, '').split(' ').join('-');
}
`;

const slugifyRoundOne = `export function slugify(text) {
  return text.toLowerCase().replace(/[^a-z0-9 ]/g, '').trim().split(/ +/).join('-');
}
`;

const slugifyRoundTwo = `export function slugify(text) {
  return text
    .normalize('NFD')
    .replace(/[\\u0300-\\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9 ]/g, '')
    .trim()
    .split(/ +/)
    .join('-');
}
`;

const testFile = `import { test } from 'node:test';
import assert from 'node:assert/strict';
import { slugify } from '../src/slugify.js';

test('joins words with dashes', () => {
  assert.equal(slugify('Hello World'), 'hello-world');
});
`;

/** Creates the demo repository (a real git repository with one commit on `main`). */
export async function createDemoRepository(path: string): Promise<string> {
  await mkdir(join(path, 'src'), { recursive: true });
  await mkdir(join(path, 'test'), { recursive: true });
  await writeFile(join(path, 'package.json'), `${JSON.stringify({ name: 'kanbots-demo', private: true, type: 'module', scripts: { test: 'node --test test/' } }, null, 2)}\n`);
  await writeFile(join(path, 'src', 'slugify.js'), slugifyBefore);
  await writeFile(join(path, 'test', 'slugify.test.js'), testFile);
  await writeFile(join(path, 'AGENTS.md'), 'Run `npm test` before you finish. Keep functions small.\n');
  await writeFile(join(path, 'README.md'), '# kanbots-demo\n\nA tiny project for the Kanbots demo.\n');
  const env = {
    ...process.env,
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 'Kanbots Demo',
    GIT_AUTHOR_EMAIL: 'demo@kanbots.invalid',
    GIT_COMMITTER_NAME: 'Kanbots Demo',
    GIT_COMMITTER_EMAIL: 'demo@kanbots.invalid',
  };
  for (const args of [['init', '-q', '-b', 'main'], ['add', '-A'], ['commit', '-q', '-m', 'Initial commit']]) {
    await new Promise<void>((resolve, reject) => execFile('git', args, { cwd: path, env }, (error) => (error ? reject(error) : resolve())));
  }
  return path;
}

export interface DemoScriptOptions {
  /** Delay before each answer starts, so a person can follow along (default 600 ms). */
  latencyMs?: number;
  /** Delay between streamed chunks (default 35 ms). */
  chunkDelayMs?: number;
}

/**
 * Scripts the demo's agents on a scripted model server: the developer's lane (developers, testers,
 * planners and the judge use its model) and the reviewer's lane answer every request from the
 * conversation so far (see demo-director.ts), so no button a newcomer presses leads to an
 * unscripted request. Steps already queued on those lanes (tests) are served first.
 */
export function scriptDemo(server: ScriptedModelServer, options: DemoScriptOptions = {}): void {
  const pacing = { latencyMs: options.latencyMs ?? 600, chunkDelayMs: options.chunkDelayMs ?? 35 };
  const director = createDemoDirector({ title: demoCard.title, slugifyRoundTwo, testFile });
  const paced = (request: RecordedRequest): ScriptedReply => ({ ...pacing, ...director(request) });
  server.respond(demoModels.developer, paced);
  server.respond(demoModels.reviewer, paced);
}

/** The first-round implementation, exported for tests that check what the demo leaves behind. */
export const demoSources = { slugifyBefore, slugifyRoundOne, slugifyRoundTwo } as const;
