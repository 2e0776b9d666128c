import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { executeTool } from '../../src/agents/tools/define-tool.js';
import { showDiffTool } from '../../src/agents/tools/show-diff-tool.js';
import { createToolSandbox, git, type ToolSandbox } from './tool-test-context.js';

/**
 * show_diff runs git on the host, in the agent's worktree, with Kanbots' hardened git: no
 * fsmonitor runs, and no filter driver configured after Kanbots first saw the repository (a
 * driver the repository already had is the user's own and is trusted; see git-driver-trust.ts).
 */

let sandbox: ToolSandbox;
beforeEach(() => {
  sandbox = createToolSandbox({ git: true });
});
afterEach(() => sandbox.cleanup());

describe('show_diff', () => {
  it('runs no fsmonitor and no clean filter planted after it first looked', async () => {
    const ran = path.join(sandbox.outside, 'planted-program-ran');
    const planted = sandbox.write('planted.sh', `#!/bin/sh\necho ran >> '${ran}'\ncat\n`);
    chmodSync(planted, 0o755);
    sandbox.write('tracked.txt', 'one\n');
    sandbox.write('.gitattributes', '*.txt filter=planted\n');
    git(sandbox.worktree, 'add', 'tracked.txt', '.gitattributes', 'planted.sh');
    git(sandbox.worktree, 'commit', '-qm', 'base');
    expect((await executeTool(showDiffTool, {}, sandbox.context())).content).toBe('No changes against HEAD.');
    git(sandbox.worktree, 'config', 'core.fsmonitor', planted);
    git(sandbox.worktree, 'config', 'filter.planted.clean', planted);
    writeFileSync(path.join(sandbox.worktree, 'tracked.txt'), 'two\n');

    const outcome = await executeTool(showDiffTool, {}, sandbox.context());
    expect(outcome.isError ?? false).toBe(false);
    expect(outcome.content).toContain('+two');
    expect(existsSync(ran)).toBe(false);
  });
});
