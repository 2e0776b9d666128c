import { closeSync, existsSync, ftruncateSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { executeTool } from '../../src/agents/tools/define-tool.js';
import { finishTool } from '../../src/agents/tools/finish-tool.js';
import { listFilesTool } from '../../src/agents/tools/list-files-tool.js';
import { readFileTool } from '../../src/agents/tools/read-file-tool.js';
import { searchFilesTool } from '../../src/agents/tools/search-files-tool.js';
import { showDiffTool } from '../../src/agents/tools/show-diff-tool.js';
import { writeFileTool } from '../../src/agents/tools/write-file-tool.js';
import { createToolSandbox, git, type ToolSandbox } from './tool-test-context.js';

let sandbox: ToolSandbox;
beforeEach(() => {
  sandbox = createToolSandbox({ git: true });
});
afterEach(() => sandbox.cleanup());

const run = (tool: Parameters<typeof executeTool>[0], input: unknown) => executeTool(tool, input, sandbox.context());

describe('list_files', () => {
  it('lists one level, marks directories, never shows .git', async () => {
    sandbox.write('a.txt', 'a');
    sandbox.write('src/b.ts', 'b');
    const outcome = await run(listFilesTool, {});
    expect(outcome.isError).toBeFalsy();
    expect(outcome.content.split('\n')).toEqual(['a.txt', 'src/']);
  });

  it('lists recursively without entering node_modules', async () => {
    sandbox.write('src/deep/c.ts', 'c');
    sandbox.write('node_modules/pkg/index.js', 'x');
    const outcome = await run(listFilesTool, { recursive: true });
    expect(outcome.content.split('\n')).toEqual(['node_modules/', 'src/', 'src/deep/', 'src/deep/c.ts']);
  });

  it('stops at maxEntries and says so', async () => {
    for (let index = 0; index < 10; index += 1) sandbox.write(`file-${index}.txt`, '');
    const outcome = await run(listFilesTool, { maxEntries: 3 });
    expect(outcome.content).toContain('listing stopped at 3 entries');
    expect(outcome.data?.['truncated']).toBe(true);
  });

  it('refuses a file with a hint', async () => {
    sandbox.write('a.txt', 'a');
    const outcome = await run(listFilesTool, { path: 'a.txt' });
    expect(outcome.isError).toBe(true);
    expect(outcome.content).toContain('read_file');
  });
});

describe('read_file', () => {
  it('returns numbered lines and honours offset and limit', async () => {
    sandbox.write('lines.txt', ['one', 'two', 'three', 'four'].join('\n') + '\n');
    const whole = await run(readFileTool, { path: 'lines.txt' });
    expect(whole.content).toBe('    1\tone\n    2\ttwo\n    3\tthree\n    4\tfour');
    const slice = await run(readFileTool, { path: 'lines.txt', offset: 2, limit: 2 });
    expect(slice.content).toContain('    2\ttwo\n    3\tthree');
    expect(slice.content).toContain('use offset 4 to read on');
  });

  it('refuses binary files', async () => {
    sandbox.write('image.bin', new Uint8Array([0x89, 0x50, 0x00, 0x01]));
    const outcome = await run(readFileTool, { path: 'image.bin' });
    expect(outcome.isError).toBe(true);
    expect(outcome.content).toContain('binary');
  });

  it('refuses huge files with the size and an alternative', async () => {
    const descriptor = openSync(path.join(sandbox.worktree, 'huge.log'), 'w');
    ftruncateSync(descriptor, 6 * 1024 * 1024);
    closeSync(descriptor);
    const outcome = await run(readFileTool, { path: 'huge.log' });
    expect(outcome.isError).toBe(true);
    expect(outcome.content).toMatch(/6\.0 MiB.*search_files/);
  });

  it('reports a missing file as a model-fixable error', async () => {
    const outcome = await run(readFileTool, { path: 'missing.txt' });
    expect(outcome.isError).toBe(true);
    expect(outcome.content).toContain('ENOENT');
  });
});

describe('search_files', () => {
  beforeEach(() => {
    sandbox.write('src/app.ts', 'const answer = 42;\nexport function greet() {}\n');
    sandbox.write('docs/readme.md', 'greet the user\n');
    sandbox.write('node_modules/dep/index.js', 'function greet() {}\n');
  });

  it('finds regex matches as path:line and skips node_modules', async () => {
    const outcome = await run(searchFilesTool, { pattern: 'greet\\(' });
    expect(outcome.content).toBe('src/app.ts:2: export function greet() {}');
  });

  it('filters by glob', async () => {
    const outcome = await run(searchFilesTool, { pattern: 'greet', glob: '*.md' });
    expect(outcome.content).toBe('docs/readme.md:1: greet the user');
  });

  it('searches an invalid regex as plain text, with a note', async () => {
    sandbox.write('odd.txt', 'call foo( here\n');
    const outcome = await run(searchFilesTool, { pattern: 'foo(' });
    expect(outcome.content).toContain('searched as plain text');
    expect(outcome.content).toContain('odd.txt:1: call foo( here');
  });

  it('caps results with a note', async () => {
    sandbox.write('many.txt', 'hit\n'.repeat(20));
    const outcome = await run(searchFilesTool, { pattern: 'hit', maxResults: 5 });
    expect(outcome.content.split('\n').filter((line) => line.startsWith('many.txt:'))).toHaveLength(5);
    expect(outcome.content).toContain('stopped at 5 matches');
  });
});

describe('write_file', () => {
  it('creates parent directories and returns a unified diff', async () => {
    const outcome = await run(writeFileTool, { path: 'new/deep/file.txt', content: 'hello\n' });
    expect(outcome.isError).toBeFalsy();
    expect(readFileSync(path.join(sandbox.worktree, 'new/deep/file.txt'), 'utf8')).toBe('hello\n');
    expect(outcome.data?.['created']).toBe(true);
    expect(outcome.data?.['diff']).toContain('--- /dev/null');
    expect(outcome.data?.['diff']).toContain('+hello');
  });

  it('overwrites and diffs against the old content', async () => {
    sandbox.write('file.txt', 'old\n');
    const outcome = await run(writeFileTool, { path: 'file.txt', content: 'new\n' });
    expect(outcome.data?.['diff']).toMatch(/-old\n\+new/);
    expect(sandbox.read('file.txt')).toBe('new\n');
  });

  it('refuses to write over a directory', async () => {
    mkdirSync(path.join(sandbox.worktree, 'folder'));
    const outcome = await run(writeFileTool, { path: 'folder', content: 'x' });
    expect(outcome.isError).toBe(true);
    expect(existsSync(path.join(sandbox.worktree, 'folder'))).toBe(true);
  });
});

describe('show_diff', () => {
  it('shows tracked changes and untracked files against HEAD without staging anything', async () => {
    sandbox.write('tracked.txt', 'one\n');
    sandbox.write('.gitignore', 'ignored.txt\n');
    git(sandbox.worktree, 'add', '.');
    git(sandbox.worktree, 'commit', '-q', '-m', 'initial');
    sandbox.write('tracked.txt', 'two\n');
    sandbox.write('fresh.txt', 'brand new\n');
    sandbox.write('ignored.txt', 'not shown\n');
    const outcome = await run(showDiffTool, {});
    expect(outcome.content).toContain('-one\n+two');
    expect(outcome.content).toContain('+++ b/fresh.txt');
    expect(outcome.content).toContain('+brand new');
    expect(outcome.content).not.toContain('not shown');
    expect(git(sandbox.worktree, 'diff', '--cached', '--name-only')).toBe('');
  });

  it('works before the first commit and says when nothing changed', async () => {
    expect((await run(showDiffTool, {})).content).toBe('No changes against HEAD.');
    sandbox.write('first.txt', 'first\n');
    expect((await run(showDiffTool, {})).content).toContain('+first');
  });
});

describe('finish', () => {
  it('ends the task with the summary as the result', async () => {
    const outcome = await run(finishTool, { summary: 'Added the greeting.' });
    expect(outcome.result).toEqual({ summary: 'Added the greeting.' });
    expect(outcome.isError).toBeFalsy();
  });
});
