import { existsSync } from 'node:fs';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createRunFixture, finish, models, write, type RunFixture } from '../runs/run-fixture.js';

/** The user's own hooks run only on the merge the user asks for, and only with `git.runUserHooksOnMerge` on. */

let fixture: RunFixture | undefined;
const hostKey = 'sk-ant-api03-host-environment-probe';
const savedKey = process.env['ANTHROPIC_API_KEY'];
afterEach(async () => {
  if (savedKey === undefined) delete process.env['ANTHROPIC_API_KEY'];
  else process.env['ANTHROPIC_API_KEY'] = savedKey;
  await fixture?.cleanup();
  fixture = undefined;
});

async function mergeWithUserHooks(runUserHooksOnMerge: boolean) {
  process.env['ANTHROPIC_API_KEY'] = hostKey;
  fixture = await createRunFixture({ runUserHooksOnMerge: () => runUserHooksOnMerge });
  const hooks = join(fixture.repository.path, '.git', 'hooks');
  const ran = join(fixture.dataDir, '..', 'hooks-ran.log');
  for (const hook of ['pre-commit', 'post-commit', 'post-checkout', 'post-merge']) {
    await writeFile(join(hooks, hook), `#!/bin/sh\necho ${hook} >> '${ran}'\nenv > '${ran}.${hook}.env'\n`);
    await chmod(join(hooks, hook), 0o755);
  }
  fixture.server.script('dev-model', [write('src/app.txt', 'line 1\nline two\nline 3\n'), finish('Spelled it out.')]);
  const run = await fixture.kanbots.run(fixture.cardId, 'solo', { models, policy: { default: 'allow' } });
  await fixture.kanbots.runs.waitFor(run.id, (summary) => summary.status === 'needs_you');
  fixture.kanbots.merge(run.id);
  await fixture.kanbots.runs.waitFor(run.id, (summary) => summary.status === 'merged');
  expect(await fixture.repository.readFile('src/app.txt')).toBe('line 1\nline two\nline 3\n');
  return existsSync(ran) ? (await readFile(ran, 'utf8')).split('\n').filter((line) => line !== '') : [];
}

describe("the user's own hooks", () => {
  it('do not run on a merge by default, nor when the run created its worktree', async () => {
    expect(await mergeWithUserHooks(false)).toEqual([]);
  });

  it('run on the merge the user asked for with the setting on, and see no API key', async () => {
    const ran = await mergeWithUserHooks(true);
    expect(ran).toEqual(expect.arrayContaining(['pre-commit', 'post-commit', 'post-merge']));
    expect(ran).not.toContain('post-checkout');
    const environment = await readFile(join(fixture!.dataDir, '..', 'hooks-ran.log.post-merge.env'), 'utf8');
    expect(environment).toMatch(/^PATH=/m);
    expect(environment).not.toContain('sk-ant-test-secret-key-123456');
    expect(environment).not.toContain(hostKey);
    expect(environment).not.toMatch(/API_KEY/);
  });
});
