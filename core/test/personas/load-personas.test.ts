import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadPersonas } from '../../src/personas/load-personas.js';
import { loadRepositoryContext } from '../../src/personas/repository-context.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'kanbots-personas-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function personaFile(directory: string, name: string, text: string): Promise<string> {
  await mkdir(directory, { recursive: true });
  const path = join(directory, name);
  await writeFile(path, text);
  return path;
}

describe('personas', () => {
  it('offers the five built-ins with sensible tool sets', async () => {
    const { personas, problems } = await loadPersonas();
    expect([...personas.keys()].sort()).toEqual(['developer', 'judge', 'planner', 'reviewer', 'tester']);
    expect(personas.get('reviewer')?.tools).toBe('read-only');
    expect(personas.get('developer')?.tools).toBe('developer');
    expect(problems).toEqual([]);
  });

  it('loads user and repository personas, the repository overriding the user and the built-ins', async () => {
    const repository = join(root, 'repo with spaces é');
    const configDir = join(root, 'config');
    await personaFile(join(configDir, 'personas'), 'sec.md', '---\nname: security-reviewer\ndescription: Looks for holes\nrole: reviewer\n---\nUser prompt\n');
    await personaFile(
      join(repository, '.kanbots', 'personas'),
      'sec.md',
      '---\nname: security-reviewer\ndescription: Repo flavour\nrole: reviewer\nmodel: anthropic:claude-sonnet-4-5\ntools: [read_file, show_diff]\n---\nRepo prompt\n',
    );
    await personaFile(join(repository, '.kanbots', 'personas'), 'dev.md', '---\nname: developer\ndescription: Our developer\n---\nUse pnpm.\n');
    const { personas, problems } = await loadPersonas({ repository, configDir });
    expect(problems).toEqual([]);
    const security = personas.get('security-reviewer');
    expect(security).toMatchObject({ description: 'Repo flavour', source: 'repository', tools: ['read_file', 'show_diff'], model: 'anthropic:claude-sonnet-4-5', systemPrompt: 'Repo prompt' });
    expect(personas.get('developer')).toMatchObject({ source: 'repository', systemPrompt: 'Use pnpm.', tools: 'developer' });
  });

  it('reports each invalid file with its path and reason, and keeps loading the rest', async () => {
    const directory = join(root, '.kanbots', 'personas');
    const noFrontMatter = await personaFile(directory, 'a.md', 'Just text');
    const badYaml = await personaFile(directory, 'b.md', '---\nname: [unclosed\n---\nbody');
    const badName = await personaFile(directory, 'c.md', '---\nname: Bad Name\ndescription: x\n---\nbody');
    const unknownKey = await personaFile(directory, 'd.md', '---\nname: ok-name\ndescription: x\ncolour: red\n---\nbody');
    const emptyBody = await personaFile(directory, 'e.md', '---\nname: empty\ndescription: x\n---\n   \n');
    const badRole = await personaFile(directory, 'f.md', '---\nname: boss\ndescription: x\nrole: boss\n---\nbody');
    await personaFile(directory, 'g.md', '---\nname: fine\ndescription: Works\nrole: tester\n---\nbody');
    const duplicate = await personaFile(directory, 'h.md', '---\nname: fine\ndescription: Again\n---\nbody');
    const { personas, problems } = await loadPersonas({ repository: root });
    expect(personas.get('fine')).toMatchObject({ role: 'tester', tools: 'developer', description: 'Works' });
    const byPath = new Map(problems.map((problem) => [problem.path, problem.reason]));
    expect(byPath.get(noFrontMatter)).toMatch(/front matter/);
    expect(byPath.get(badYaml)).toMatch(/not valid YAML/);
    expect(byPath.get(badName)).toMatch(/^name:/);
    expect(byPath.get(unknownKey)).toMatch(/colour/);
    expect(byPath.get(emptyBody)).toMatch(/empty/);
    expect(byPath.get(badRole)).toMatch(/^role:/);
    expect(byPath.get(duplicate)).toMatch(/already defined/);
    expect(problems).toHaveLength(7);
  });

  it('gives agents the repository context files', async () => {
    await writeFile(join(root, 'AGENTS.md'), 'Run `make test`.');
    await writeFile(join(root, 'CLAUDE.md'), 'Prefer small functions.');
    const context = await loadRepositoryContext(root);
    expect(context).toContain('<repository-context file="AGENTS.md">\nRun `make test`.');
    expect(context.indexOf('AGENTS.md')).toBeLessThan(context.indexOf('CLAUDE.md'));
    expect(await loadRepositoryContext(join(root, 'missing'))).toBe('');
  });
});
