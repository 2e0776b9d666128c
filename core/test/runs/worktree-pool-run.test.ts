import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createRunFixture, finish, type RunFixture } from './run-fixture.js';
import { nodeProject } from './node-project.js';

const run = promisify(execFile);

let fixture: RunFixture | undefined;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
});

describe('a run with a warm pool', () => {
  it('starts in a worktree the pool set up (npm ci, .env) and runs no setup of its own; the pool refills behind it', { timeout: 120_000 }, async () => {
    fixture = await createRunFixture();
    await nodeProject(fixture, { scripts: { setup: 'npm ci' }, pool: { size: 1 } });
    await fixture.kanbots.pool.watch(fixture.repository.path, 'main');
    const [ready] = await fixture.kanbots.worktrees.poolWorktrees();
    expect(ready).toMatchObject({ state: 'ready', baseBranch: 'main' });
    const seenAtFirstRequest: { env?: string; require?: string; path?: string } = {};
    fixture.server.script('dev-model', [
      async () => {
        const worktree = (await fixture!.kanbots.worktrees.list())[0]!;
        seenAtFirstRequest.path = worktree.path;
        seenAtFirstRequest.env = await readFile(join(worktree.path, '.env'), 'utf8');
        seenAtFirstRequest.require = (await run(process.execPath, ['-e', "process.stdout.write(String(require('local-lib').answer))"], { cwd: worktree.path })).stdout;
        return { toolCalls: [{ name: 'run_command', input: { command: 'git status --porcelain && git rev-parse --abbrev-ref HEAD' } }] };
      },
      finish('Done.'),
    ]);
    const started = await fixture.kanbots.run(fixture.cardId, 'solo', { policy: { default: 'allow' } });
    const atGate = await fixture.kanbots.runs.waitFor(started.id, (summary) => summary.status === 'needs_you' || summary.status === 'failed');
    expect(atGate.error).toBeUndefined();
    expect(seenAtFirstRequest).toEqual({ path: ready!.path, env: 'GREETING=hello from .env\n', require: '42' });
    // The run's own branch, in the pool's worktree, with nothing to commit from the setup.
    const branch = atGate.worktrees[0]!.branch;
    expect(JSON.stringify(fixture.server.requests[1]!.body)).toContain(branch);
    expect(await fixture.repository.git(['status', '--porcelain'], { cwd: ready!.path })).toBe('');
    // No setup ran during the run; the log says where the worktree came from.
    const events = fixture.events.filter((event) => event.runId === started.id);
    expect(events.some((event) => event.type === 'run.setup.started')).toBe(false);
    expect(atGate.setup).toBeUndefined();
    const created = fixture.kanbots.runs.activity(started.id).find((record) => record.kind === 'note' && (record.data as { created?: boolean }).created === true);
    expect(created?.data).toMatchObject({ worktree: 'main', branch, fromWarmPool: true });
    // The pool made a new one for the next run.
    await fixture.kanbots.pool.refill(fixture.repository.path, 'main');
    const [next] = await fixture.kanbots.worktrees.poolWorktrees();
    expect(next).toMatchObject({ state: 'ready' });
    expect(next!.path).not.toBe(ready!.path);
    expect(existsSync(join(next!.path, 'node_modules', 'local-lib', 'index.js'))).toBe(true);
  });

  it('without a pool in the settings, a run sets its worktree up itself as before', async () => {
    fixture = await createRunFixture();
    await fixture.repository.writeFiles({ '.gitignore': '.setup-done\n', '.kanbots/config.json': JSON.stringify({ worktrees: { scripts: { setup: 'touch .setup-done' } } }) });
    await fixture.repository.commitAll('settings without a pool');
    await fixture.kanbots.pool.watch(fixture.repository.path, 'main');
    expect(await fixture.kanbots.worktrees.poolWorktrees()).toEqual([]);
    fixture.server.script('dev-model', [finish('Done.')]);
    const started = await fixture.kanbots.run(fixture.cardId, 'solo', { policy: { default: 'allow' } });
    const atGate = await fixture.kanbots.runs.waitFor(started.id, (summary) => summary.status === 'needs_you' || summary.status === 'failed');
    expect(atGate.setup).toMatchObject({ state: 'done', script: 'touch .setup-done' });
    expect(await fixture.kanbots.worktrees.poolWorktrees()).toEqual([]);
  });
});
