import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunEvent } from '../../src/runs/run-events.js';
import { createRunFixture, finish, type RunFixture } from './run-fixture.js';
import { nodeProject } from './node-project.js';

const run = promisify(execFile);

let fixture: RunFixture | undefined;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
});

function ofType<Type extends RunEvent['type']>(events: RunEvent[], type: Type): Extract<RunEvent, { type: Type }>[] {
  return events.filter((event): event is Extract<RunEvent, { type: Type }> => event.type === type);
}

describe('setup as a step of the run', () => {
  it('reaches its first model request with .env present and node_modules usable after npm ci, offline', async () => {
    fixture = await createRunFixture();
    await nodeProject(fixture, { scripts: { setup: 'npm ci' } });
    const seenAtFirstRequest: { env?: string; require?: string } = {};
    let worktreePath = '';
    fixture.server.script('dev-model', [
      async () => {
        // The first model request: the worktree must already be a working copy of the project.
        worktreePath = (await fixture!.kanbots.worktrees.list())[0]!.path;
        seenAtFirstRequest.env = await readFile(join(worktreePath, '.env'), 'utf8');
        seenAtFirstRequest.require = (await run(process.execPath, ['-e', "process.stdout.write(String(require('local-lib').answer))"], { cwd: worktreePath })).stdout;
        return { toolCalls: [{ name: 'run_command', input: { command: "node -e \"console.log(require('local-lib').answer)\" && cat .env" } }] };
      },
      finish('Done.'),
    ]);
    const started = await fixture.kanbots.run(fixture.cardId, 'solo', { policy: { default: 'allow' } });
    const atGate = await fixture.kanbots.runs.waitFor(started.id, (summary) => summary.status === 'needs_you' || summary.status === 'failed');
    expect(atGate.error).toBeUndefined();
    expect(seenAtFirstRequest).toEqual({ env: 'GREETING=hello from .env\n', require: '42' });
    expect(existsSync(join(worktreePath, 'node_modules', 'local-lib', 'index.js'))).toBe(true);
    // The agent's own command saw the same.
    const toolResult = JSON.stringify(fixture.server.requests[1]!.body);
    expect(toolResult).toContain('42');
    expect(toolResult).toContain('GREETING=hello from .env');
    // Setup ran before the first model request, and its output was streamed.
    const events = fixture.events.filter((event) => event.runId === started.id);
    const setupEnded = events.findIndex((event) => event.type === 'run.setup.ended');
    const firstAgentEvent = events.findIndex((event) => event.type === 'run.agent.event');
    expect(ofType(events, 'run.setup.started')).toEqual([{ type: 'run.setup.started', runId: started.id, worktree: 'main', script: 'npm ci' }]);
    expect(ofType(events, 'run.setup.ended')[0]).toMatchObject({ ok: true });
    expect(setupEnded).toBeGreaterThan(-1);
    expect(setupEnded).toBeLessThan(firstAgentEvent);
    expect(atGate.setup).toMatchObject({ worktree: 'main', script: 'npm ci', state: 'done' });
    // The copied .env and the installed node_modules are nothing to commit.
    expect(await fixture.repository.git(['status', '--porcelain'], { cwd: worktreePath })).toBe('');
  });

  it('streams the output, fails with a typed retryable error, and RETRY runs the setup again in the same worktree', async () => {
    fixture = await createRunFixture();
    const script = 'echo "checking the worktree"; env | grep -E "^(KANBOTS|CONDUCTOR)_" | sort > .setup-env; test -f .fixed || { echo "not fixed yet" >&2; exit 3; }';
    await fixture.repository.writeFiles({ '.gitignore': '.setup-env\n.fixed\n', '.kanbots/config.json': JSON.stringify({ worktrees: { scripts: { setup: script } } }) });
    await fixture.repository.commitAll('a setup that fails until fixed');
    process.env.KANBOTS_TEST_SETUP_SECRET_TOKEN = 'must-not-reach-the-setup';
    try {
      fixture.server.script('dev-model', [finish('Done.')]);
      const started = await fixture.kanbots.run(fixture.cardId, 'solo', { policy: { default: 'allow' } });
      const failed = await fixture.kanbots.runs.waitFor(started.id, (summary) => summary.status === 'failed');
      expect(failed.error).toMatchObject({ name: 'SetupFailedError', retryable: true });
      expect(failed.error!.message).toBe('Setup failed: `echo "checking the worktree"; env | grep -E "^(KANBOTS|COND…` exited 3 — see output');
      expect(failed.statusText).toMatch(/^Stopped while getting the worktree ready: Setup failed: .* exited 3/);
      expect(failed.setup).toMatchObject({ state: 'failed', worktree: 'main' });
      expect(failed.setup!.output).toContain('checking the worktree');
      expect(failed.setup!.output).toContain('not fixed yet');
      const output = ofType(fixture.events, 'run.setup.output').map((event) => `${event.stream}:${event.text}`).join('');
      expect(output).toContain('stdout:checking the worktree');
      expect(output).toContain('stderr:not fixed yet');
      expect(fixture.server.requests).toHaveLength(0);

      const worktree = failed.worktrees[0]!.path;
      const environment = await readFile(join(worktree, '.setup-env'), 'utf8');
      expect(environment).toContain(`KANBOTS_WORKTREE_PATH=${worktree}\n`);
      expect(environment).toContain(`CONDUCTOR_WORKSPACE_PATH=${worktree}\n`);
      expect(environment).toContain(`KANBOTS_ROOT_PATH=${fixture.repository.path}\n`);
      expect(environment).toMatch(/^KANBOTS_PORT=41000$/m);
      expect(environment).toMatch(/^CONDUCTOR_PORT=41000$/m);
      expect(environment).not.toContain('KANBOTS_TEST_SETUP_SECRET_TOKEN');

      await writeFile(join(worktree, '.fixed'), '');
      fixture.kanbots.retry(started.id);
      const atGate = await fixture.kanbots.runs.waitFor(started.id, (summary) => summary.status === 'needs_you' || summary.status === 'failed');
      expect(atGate.status).toBe('needs_you');
      expect(atGate.worktrees).toHaveLength(1);
      expect(atGate.worktrees[0]!.path).toBe(worktree);
      expect(atGate.setup).toMatchObject({ state: 'done' });
      expect(ofType(fixture.events, 'run.setup.started')).toHaveLength(2);
      fixture.server.assertComplete();
    } finally {
      delete process.env.KANBOTS_TEST_SETUP_SECRET_TOKEN;
    }
  });

  it('says in the log that it used Conductor\'s scripts, and runs the archive script before the worktree is removed', async () => {
    fixture = await createRunFixture();
    const marker = join(fixture.repository.path, '..', 'archived.txt');
    await fixture.repository.writeFiles({
      '.conductor/settings.toml': `[scripts]\nsetup = "echo set up on port $CONDUCTOR_PORT"\narchive = "echo archived $(basename \\"$CONDUCTOR_WORKSPACE_PATH\\") > '${marker}'; exit 1"\n`,
    });
    await fixture.repository.commitAll('Conductor settings');
    fixture.server.script('dev-model', [finish('Nothing to change.')]);
    const started = await fixture.kanbots.run(fixture.cardId, 'solo', { policy: { default: 'allow' } });
    const atGate = await fixture.kanbots.runs.waitFor(started.id, (summary) => summary.status === 'needs_you');
    expect(atGate.setup!.output).toBe('set up on port 41000\n');
    fixture.kanbots.discard(started.id);
    const discarded = await fixture.kanbots.runs.waitFor(started.id, (summary) => summary.status === 'discarded');
    // The archive script ran in the worktree before it went; its failing exit did not stop the removal.
    expect(await readFile(marker, 'utf8')).toBe(`archived ${atGate.worktrees[0]!.path.split('/').pop()}\n`);
    expect(existsSync(atGate.worktrees[0]!.path)).toBe(false);
    expect(discarded.worktrees[0]!.state).toBe('removed');
    const activity = JSON.stringify(fixture.kanbots.runs.activity(started.id));
    expect(activity).toContain("using the setup, archive scripts of Conductor's .conductor/settings.toml");
    expect(activity).toContain('"archive":"failed"');
  });
});
