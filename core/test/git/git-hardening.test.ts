import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createHardeningScenario, hookNames, runKanbotsGitOverACard, type HardeningScenario } from './git-hardening-scenario.js';

let scenario: HardeningScenario | undefined;
afterEach(async () => {
  await scenario?.cleanup();
  scenario = undefined;
});

/** Plain git in the user's checkout, as the user's own next commands would run it: proves the plants are live. */
async function userRunsGit(current: HardeningScenario): Promise<void> {
  const git = (args: string[]) => current.agentGit(args, current.context.repository.path);
  await git(['status']);
  await current.context.repository.writeFiles({ 'notes.txt': 'user text\n' });
  await git(['add', 'notes.txt']);
  await git(['commit', '--quiet', '-m', 'user commit']);
  await git(['checkout', '--quiet', '-b', 'user-side', 'HEAD~1']);
  await current.context.repository.writeFiles({ 'notes.txt': 'user side\n' });
  await git(['commit', '--quiet', '--all', '-m', 'user side']);
  await git(['merge-tree', '--write-tree', 'main', 'user-side']).catch(() => undefined);
}

describe("Kanbots' git runs nothing an agent planted", () => {
  it('ignores hooks written into the shared .git/hooks, core.fsmonitor, and filter and merge drivers with attributes', async () => {
    scenario = await createHardeningScenario();
    const current = scenario;
    const commonDirectory = join(current.context.repository.path, '.git');
    for (const hook of hookNames) await current.plantScript(join(commonDirectory, 'hooks', hook), `hook ${hook}`);
    const tools = join(commonDirectory, 'agent-tools');
    await current.plantScript(join(tools, 'fsmonitor'), 'fsmonitor');
    await current.plantScript(join(tools, 'clean'), 'filter clean', 'sed s/agent/FILTERED/');
    await current.plantScript(join(tools, 'smudge'), 'filter smudge', 'sed s/agent/FILTERED/');
    await current.plantScript(join(tools, 'merge'), 'merge driver', 'exit 0');
    await current.agentGit(['config', 'core.fsmonitor', join(tools, 'fsmonitor')]);
    await current.agentGit(['config', 'filter.evil.clean', join(tools, 'clean')]);
    await current.agentGit(['config', 'filter.evil.smudge', join(tools, 'smudge')]);
    await current.agentGit(['config', 'filter.evil.required', 'true']);
    await current.agentGit(['config', 'merge.evil.driver', `${join(tools, 'merge')} %O %A %B`]);
    await writeFile(join(current.worktree.path, '.gitattributes'), '*.txt filter=evil merge=evil\n');
    await writeFile(join(commonDirectory, 'info', 'attributes'), '*.txt filter=evil merge=evil\n');

    await runKanbotsGitOverACard(current);
    expect(await current.ran()).toEqual([]);

    await userRunsGit(current);
    const ran = await current.ran();
    for (const vector of ['hook pre-commit', 'hook post-checkout', 'fsmonitor', 'filter clean', 'filter smudge', 'merge driver']) expect(ran).toContain(vector);
  });

  it('ignores a core.hooksPath the agent set to a folder of its own', async () => {
    scenario = await createHardeningScenario();
    const current = scenario;
    for (const hook of hookNames) await current.plantScript(join(current.worktree.path, '.agent-hooks', hook), `hook ${hook}`);
    await current.agentGit(['config', 'core.hooksPath', '.agent-hooks']);

    await runKanbotsGitOverACard(current);
    expect(await current.ran()).toEqual([]);

    await userRunsGit(current);
    expect(await current.ran()).toEqual(expect.arrayContaining(['hook pre-commit', 'hook post-commit', 'hook post-checkout']));
  });

  it('does not run a husky-style hook script the agent edited with file tools only', async () => {
    scenario = await createHardeningScenario(async (context) => {
      await context.repository.writeFiles({ '.husky/pre-commit': '#!/bin/sh\nexit 0\n' });
      await context.repository.commitAll('husky');
      await context.repository.git(['config', 'core.hooksPath', '.husky']);
    });
    const current = scenario;
    for (const hook of hookNames) await current.plantScript(join(current.worktree.path, '.husky', hook), `husky ${hook}`);

    await runKanbotsGitOverACard(current);
    expect(await current.ran()).toEqual([]);

    await userRunsGit(current);
    expect(await current.ran()).toEqual(expect.arrayContaining(['husky pre-commit', 'husky post-checkout']));
  });
});
