import { existsSync } from 'node:fs';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runTestGit } from '../../src/testing/git-fixtures.js';
import { createRunFixture, finish, models, write, type RunFixture } from '../runs/run-fixture.js';

let fixture: RunFixture | undefined;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
});

describe('the gate shows changes to the git configuration and undoes them', () => {
  it('reports a planted hooks path, driver, hook and attributes in plain words, and one undo puts everything back', async () => {
    fixture = await createRunFixture();
    const gitDirectory = join(fixture.repository.path, '.git');
    await writeFile(join(gitDirectory, 'hooks', 'post-merge'), '#!/bin/sh\necho the user\'s own hook\n');
    const configBefore = await readFile(join(gitDirectory, 'config'));
    const userHookBefore = await readFile(join(gitDirectory, 'hooks', 'post-merge'));
    fixture.server.script('dev-model', [write('src/app.txt', 'line 1\nline two\nline 3\n'), finish('Spelled it out.')]);
    const run = await fixture.kanbots.run(fixture.cardId, 'solo', { models, policy: { default: 'allow', rules: { write_file: 'ask' } } });
    const asking = await fixture.kanbots.runs.waitFor(run.id, (summary) => summary.agents.some((agent) => agent.pendingApproval !== undefined));
    const worktree = asking.worktrees[0]!.path;

    // What an agent with a shell does while it works.
    await runTestGit(worktree, ['config', 'core.hooksPath', '.agent-hooks']);
    await runTestGit(worktree, ['config', 'filter.evil.clean', 'sh -c "echo planted"']);
    await writeFile(join(gitDirectory, 'hooks', 'pre-commit'), '#!/bin/sh\necho planted\n');
    await chmod(join(gitDirectory, 'hooks', 'pre-commit'), 0o755);
    await writeFile(join(gitDirectory, 'hooks', 'post-merge'), '#!/bin/sh\necho planted\n');
    await writeFile(join(gitDirectory, 'info', 'attributes'), '* filter=evil\n');

    const agent = asking.agents.find((candidate) => candidate.pendingApproval !== undefined)!;
    fixture.kanbots.approve(run.id, agent.key, agent.pendingApproval!.callId);
    const atGate = await fixture.kanbots.runs.waitFor(run.id, (summary) => summary.status === 'needs_you' && summary.gitConfig !== undefined);
    const finding = atGate.gitConfig!;
    expect(finding.summary).toMatch(/^The agent changed your git configuration: /);
    expect(finding.changes.map((change) => change.description)).toEqual(
      expect.arrayContaining([
        'core.hooksPath set to ".agent-hooks"',
        'filter.evil.clean set to "sh -c \\"echo planted\\""',
        'hook pre-commit added (.git/hooks/pre-commit)',
        'hook post-merge changed (.git/hooks/post-merge)',
        '.git/info/attributes added',
      ]),
    );
    expect(JSON.stringify(finding)).not.toContain(fixture.repository.path);

    const undone = await fixture.kanbots.runs.undoGitConfigChanges(run.id);
    expect(undone.restored.sort()).toEqual(['.git/config', '.git/hooks/post-merge', '.git/hooks/pre-commit', '.git/info/attributes']);
    expect(undone.skipped).toEqual([]);
    expect(undone.remaining).toEqual([]);
    expect(await readFile(join(gitDirectory, 'config'))).toEqual(configBefore);
    expect(await readFile(join(gitDirectory, 'hooks', 'post-merge'))).toEqual(userHookBefore);
    expect(existsSync(join(gitDirectory, 'hooks', 'pre-commit'))).toBe(false);
    expect(existsSync(join(gitDirectory, 'info', 'attributes'))).toBe(false);
    expect(fixture.kanbots.runs.get(run.id).gitConfig).toBeUndefined();
    expect(fixture.kanbots.runs.get(run.id).status).toBe('needs_you');
  });

  it('reports nothing when the run left the configuration alone', async () => {
    fixture = await createRunFixture();
    fixture.server.script('dev-model', [write('src/app.txt', 'line 1\nline two\nline 3\n'), finish('Spelled it out.')]);
    const run = await fixture.kanbots.run(fixture.cardId, 'solo', { models, policy: { default: 'allow' } });
    await fixture.kanbots.runs.waitFor(run.id, (summary) => summary.status === 'needs_you');
    const activity = JSON.stringify(fixture.kanbots.runs.activity(run.id));
    expect(activity).toContain('run.state');
    expect(fixture.kanbots.runs.get(run.id).gitConfig).toBeUndefined();
    expect(activity).not.toContain('gitConfigChanged');
  });
});
