import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../src/secrets/secret-store.js';
import { createTemporaryDirectory, runTestGit, type TemporaryDirectory } from '../../src/testing/git-fixtures.js';
import { startScriptedGitHubServer, type ScriptedGitHubServer } from '../../src/testing/scripted-github-server.js';
import { createRunFixture, finish, write, type RunFixture } from '../runs/run-fixture.js';

/**
 * Best-of-N's gate has the same third way out: the candidate the person picks (here not the
 * judge's) is pushed and its pull request opened with the title, body and draft choice they
 * edited; a failed check goes to that candidate's developer, whose fix is pushed to the same pull
 * request; merged on GitHub, the run is done and the other candidate's worktree is kept.
 */

const token = 'ghp_bestOfNPullRequestToken000000000000';

let fixture: RunFixture | undefined;
let github: ScriptedGitHubServer | undefined;
let remoteDirectory: TemporaryDirectory | undefined;

afterEach(async () => {
  await fixture?.cleanup();
  await github?.close();
  await remoteDirectory?.cleanup();
  fixture = undefined;
  github = undefined;
  remoteDirectory = undefined;
});

const models = { 'developer-1': 'anthropic:dev1', 'developer-2': 'anthropic:dev2', judge: 'anthropic:judge-model' };

describe('best-of-N: from the gate to a pull request', () => {
  it("opens the chosen candidate's pull request as edited, sends a failed check to its developer, pushes the fix to the same pull request, and finishes when GitHub merges it", async () => {
    remoteDirectory = await createTemporaryDirectory();
    const remote = join(remoteDirectory.path, 'widgets.git');
    await runTestGit(remoteDirectory.path, ['init', '--quiet', '--bare', '--initial-branch=main', remote]);
    github = await startScriptedGitHubServer({ repositories: [{ owner: 'acme', repo: 'widgets', bareRepository: remote }], tokens: { [token]: ['repo'] } });
    const secrets = new MemorySecretStore();
    await secrets.set('github.token', token);
    const server = github;
    fixture = await createRunFixture(
      { github: { secrets, ghCommand: join(remoteDirectory.path, 'no-gh'), env: {}, apiBaseUrl: () => server.baseUrl, gitHubRepositoryOf: () => ({ host: 'github.com', owner: 'acme', repo: 'widgets' }), pollIntervalMs: 50 } },
      { title: 'Say hello', description: 'The app should greet.' },
    );
    await fixture.repository.git(['remote', 'add', 'origin', remote]);
    await fixture.repository.git(['push', '--quiet', 'origin', 'main']);
    fixture.server.script('dev1', [write('src/app.txt', 'hello\n'), finish('Wrote hello.'), write('src/app.txt', 'hello, world\n'), finish('Greets the world now.')]);
    fixture.server.script('dev2', [write('src/app.txt', 'hi\n'), finish('Wrote hi.')]);
    fixture.server.script('judge-model', [{ toolCalls: [{ name: 'submit_judgement', input: { recommended: 'candidate-2', reasons: [{ candidate: 'candidate-1', reason: 'longer' }, { candidate: 'candidate-2', reason: 'shorter' }] } }] }]);

    const run = await fixture.kanbots.run(fixture.cardId, 'best-of-n', { candidates: 2, models, policy: { default: 'allow' } });
    const atGate = await fixture.kanbots.runs.waitFor(run.id, (summary) => summary.status === 'needs_you' && summary.gate !== undefined);
    const [first, second] = atGate.worktrees;
    expect(fixture.kanbots.pullRequestDraft(run.id)).toEqual({ title: 'Say hello', body: expect.stringContaining('The app should greet.') });

    fixture.kanbots.openPullRequest(run.id, { candidate: 'candidate-1', title: 'Greet the user', body: 'Edited by hand.', draft: true });
    const open = await fixture.kanbots.runs.waitFor(run.id, (summary) => summary.pullRequest !== undefined && summary.activeStates.includes('bestOfN.pullRequestOpen'));
    expect(open.pullRequest).toMatchObject({ number: 1, state: 'open', headBranch: first!.branch, title: 'Greet the user', draft: true });
    expect(github.pullRequest('acme', 'widgets', 1)).toMatchObject({ head: first!.branch, base: 'main', body: 'Edited by hand.', draft: true });
    const pushed = (await runTestGit(remote, ['rev-parse', `refs/heads/${first!.branch}`])).trim();
    expect(await runTestGit(remote, ['show', `${pushed}:src/app.txt`])).toBe('hello\n');
    // Only the chosen candidate's branch went to the remote.
    expect((await runTestGit(remote, ['branch', '--list', second!.branch])).trim()).toBe('');

    github.setCheck('acme', 'widgets', pushed, { name: 'greeting', conclusion: 'failure', summary: 'expected "hello, world"' });
    await fixture.kanbots.runs.waitFor(run.id, (summary) => summary.status === 'needs_you' && (summary.pullRequest?.checks.length ?? 0) > 0);
    await fixture.kanbots.sendPullRequestFeedback(run.id);
    const fixed = await fixture.kanbots.runs.waitFor(run.id, (summary) => summary.activeStates.includes('bestOfN.pullRequestOpen') && summary.pullRequest?.headSha !== pushed);
    expect(JSON.stringify(fixture.server.requests.filter((request) => request.model === 'dev1')[2]!.body)).toContain('expected \\"hello, world\\"');
    expect(fixture.server.requests.filter((request) => request.model === 'dev2')).toHaveLength(2);
    expect(await runTestGit(remote, ['show', `${fixed.pullRequest!.headSha}:src/app.txt`])).toBe('hello, world\n');
    expect(github.requests.filter((request) => request.method === 'POST')).toHaveLength(1);

    await github.mergePullRequest('acme', 'widgets', 1);
    const merged = await fixture.kanbots.runs.waitFor(run.id, (summary) => summary.status === 'merged');
    expect(merged.pullRequest?.state).toBe('merged');
    expect(existsSync(first!.path)).toBe(false);
    expect(existsSync(second!.path)).toBe(true);
    const board = fixture.kanbots.board.getBoard();
    expect(board.columns.find((column) => column.id === board.cards.find((card) => card.id === fixture!.cardId)!.columnId)?.name).toBe('Done');
    fixture.server.assertComplete();
  });
});
