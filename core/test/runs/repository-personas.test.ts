import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createRunFixture, finish, write, type RunFixture } from './run-fixture.js';

let fixture: RunFixture | undefined;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
});

describe('repository personas in runs', () => {
  it("uses the repository's own persona file (prompt and model) and notes an invalid one in the activity log", async () => {
    fixture = await createRunFixture();
    const personas = join(fixture.repository.path, '.kanbots', 'personas');
    await mkdir(personas, { recursive: true });
    await writeFile(join(personas, 'careful.md'), '---\nname: careful-dev\ndescription: Our developer\nrole: developer\nmodel: anthropic:repo-model\n---\nAlways run `make check`.\n');
    await writeFile(join(personas, 'broken.md'), 'no front matter here');
    fixture.server.script('repo-model', [write('src/app.txt', 'line 1\nline two\nline 3\n'), finish('Done.')]);

    const run = await fixture.kanbots.run(fixture.cardId, 'solo', { policy: { default: 'allow' }, personas: { developer: 'careful-dev' } });
    const atGate = await fixture.kanbots.runs.waitFor(run.id, (summary) => summary.status === 'needs_you');

    expect(atGate.agents.map((agent) => [agent.persona, agent.model])).toEqual([['careful-dev', 'anthropic:repo-model']]);
    const firstRequest = fixture.server.requests.find((request) => request.lane === 'repo-model');
    expect(JSON.stringify(firstRequest?.body)).toContain('Always run `make check`.');
    const records = fixture.kanbots.runs.activity(run.id);
    expect(records.some((record) => record.kind === 'note' && String(record.data.persona).endsWith('broken.md'))).toBe(true);
  });
});
