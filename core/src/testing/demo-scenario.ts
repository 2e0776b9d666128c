import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ScriptedModelServer } from './scripted-model-server/index.js';
import type { ScriptedReply } from './scripted-model-server/scripted-step.js';

/**
 * The demo that `npm run demo` plays: a tiny JavaScript project with a `slugify` that mishandles
 * accents and repeated spaces, a card asking to fix it, and a scripted developer and reviewer. It is
 * a SCRIPTED model — no AI is involved — so a newcomer can watch a whole dev ⇄ review run (an
 * approval, a change request, a second round, an approval and a merge) without an API key.
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

function words(text: string): string[] {
  return text.split(/(?<= )/);
}

/** Scripts the developer and reviewer lanes of the demo on a scripted model server. */
export function scriptDemo(server: ScriptedModelServer, options: DemoScriptOptions = {}): void {
  const pacing = { latencyMs: options.latencyMs ?? 600, chunkDelayMs: options.chunkDelayMs ?? 35 };
  const usage = (inputTokens: number, outputTokens: number) => ({ usage: { inputTokens, outputTokens } });
  const step = (reply: ScriptedReply): ScriptedReply => ({ ...pacing, ...reply });

  server.script(demoModels.developer, [
    step({ text: words('[scripted model] Let me look at the project first. '), toolCalls: [{ name: 'list_files', input: {} }], ...usage(900, 40) }),
    step({ text: words('Reading the current implementation. '), toolCalls: [{ name: 'read_file', input: { path: 'src/slugify.js' } }], ...usage(1100, 35) }),
    step({
      text: words('Repeated spaces produce empty segments; I will split on runs of spaces and trim. '),
      toolCalls: [{ name: 'edit_file', input: { path: 'src/slugify.js', old_string: ".replace(/[^a-z0-9 ]/g, '').split(' ').join('-')", new_string: ".replace(/[^a-z0-9 ]/g, '').trim().split(/ +/).join('-')" } }],
      ...usage(1300, 120),
    }),
    step({ text: words('Now the tests. '), toolCalls: [{ name: 'run_command', input: { command: 'npm test' } }], ...usage(1500, 30) }),
    step({ toolCalls: [{ name: 'finish', input: { summary: 'Repeated spaces now collapse into one dash; tests pass.' } }], ...usage(1700, 40) }),
    // Round two: the reviewer's findings arrive as a message in this same conversation.
    step({
      text: words('Good catch: accents are dropped instead of being folded. I will normalise to NFD and strip the combining marks. '),
      toolCalls: [{ name: 'write_file', input: { path: 'src/slugify.js', content: slugifyRoundTwo } }],
      ...usage(2100, 160),
    }),
    step({
      toolCalls: [{ name: 'write_file', input: { path: 'test/slugify.test.js', content: `${testFile}\ntest('folds accents and collapses spaces', () => {\n  assert.equal(slugify('Crème  brûlée'), 'creme-brulee');\n});\n` } }],
      ...usage(2300, 90),
    }),
    step({ toolCalls: [{ name: 'finish', input: { summary: 'Accents are folded (NFD + strip marks), spaces collapse, and a test covers both.' } }], ...usage(2500, 40) }),
  ]);

  server.script(demoModels.reviewer, [
    step({ text: words('[scripted model] Reviewing the diff. '), toolCalls: [{ name: 'show_diff', input: {} }], ...usage(1200, 30) }),
    step({
      toolCalls: [
        {
          name: 'submit_review',
          input: {
            verdict: 'request_changes',
            summary: 'Spaces are handled, but the card also asks for accents.',
            findings: [{ file: 'src/slugify.js', line: 2, severity: 'major', message: 'Accented letters are removed, not folded: "Crème" becomes "crme". Normalise with NFD and strip combining marks.' }],
          },
        },
      ],
      ...usage(1400, 120),
    }),
    step({ text: words('Checking the second round. '), toolCalls: [{ name: 'show_diff', input: {} }], ...usage(1600, 30) }),
    step({ toolCalls: [{ name: 'submit_review', input: { verdict: 'approve', summary: 'Accents and spaces are handled and covered by a test.', findings: [] } }], ...usage(1800, 60) }),
  ]);
}

/** The first-round implementation, exported for tests that check what the demo leaves behind. */
export const demoSources = { slugifyBefore, slugifyRoundOne, slugifyRoundTwo } as const;
