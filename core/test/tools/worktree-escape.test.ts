import { linkSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executeTool } from '../../src/agents/tools/define-tool.js';
import { editFileTool } from '../../src/agents/tools/edit-file-tool.js';
import { listFilesTool } from '../../src/agents/tools/list-files-tool.js';
import { readFileTool } from '../../src/agents/tools/read-file-tool.js';
import { createRunCommandTool } from '../../src/agents/tools/run-command-tool.js';
import { searchFilesTool } from '../../src/agents/tools/search-files-tool.js';
import type { AgentTool, ToolOutcome } from '../../src/agents/tools/tool.js';
import { PathOutsideWorktreeError } from '../../src/agents/tools/tool-errors.js';
import { resolveInsideWorktree } from '../../src/agents/tools/worktree-paths.js';
import { writeFileTool } from '../../src/agents/tools/write-file-tool.js';
import { createToolSandbox, type ToolSandbox } from './tool-test-context.js';

let sandbox: ToolSandbox;

/** Every file under `outside`, with its content: must be identical before and after each attempt. */
function snapshotOutside(): Record<string, string> {
  const files: Record<string, string> = {};
  const visit = (directory: string): void => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const full = path.join(directory, entry.name);
      if (entry.isDirectory()) visit(full);
      else files[path.relative(sandbox.outside, full)] = readFileSync(full, 'utf8');
    }
  };
  visit(sandbox.outside);
  return files;
}

beforeAll(() => {
  sandbox = createToolSandbox({ git: true });
  const { worktree, outside, secretFile } = sandbox;
  sandbox.write('inside.txt', 'inside content\n');
  symlinkSync(secretFile, path.join(worktree, 'link.txt'));
  symlinkSync('../outside/secret.txt', path.join(worktree, 'relative-link.txt'));
  symlinkSync(outside, path.join(worktree, 'dirlink'));
  mkdirSync(path.join(worktree, 'nested'));
  symlinkSync('../../outside', path.join(worktree, 'nested', 'up'));
  symlinkSync(path.join(worktree, 'loop-b'), path.join(worktree, 'loop-a'));
  symlinkSync(path.join(worktree, 'loop-a'), path.join(worktree, 'loop-b'));
  symlinkSync(path.join(outside, 'created-by-dangling.txt'), path.join(worktree, 'dangling'));
  // The hard link gets its own outside file, so the other attempts meet a secret with one link.
  const hardTarget = path.join(outside, 'hard-linked-secret.txt');
  writeFileSync(hardTarget, `${sandbox.secretContent} (hard-linked)`);
  linkSync(hardTarget, path.join(worktree, 'hard.txt'));
});

afterAll(() => sandbox.cleanup());

interface Attempt {
  name: string;
  tool: AgentTool;
  input: () => Record<string, unknown>;
  /** The attempt may legitimately succeed inside the worktree (it just must not escape). */
  mayComplete?: boolean;
}

const pwned = 'PWNED-BY-ESCAPE';
const secret = (): string => sandbox.secretContent;

const attempts: Attempt[] = [
  // read_file
  { name: 'read ../outside/secret.txt', tool: readFileTool, input: () => ({ path: '../outside/secret.txt' }) },
  { name: 'read ../../ deep climb', tool: readFileTool, input: () => ({ path: `../../${path.relative(path.dirname(sandbox.base), sandbox.secretFile)}` }) },
  { name: 'read absolute outside path', tool: readFileTool, input: () => ({ path: sandbox.secretFile }) },
  { name: 'read /etc/passwd', tool: readFileTool, input: () => ({ path: '/etc/passwd' }) },
  { name: 'read /proc/self/root/<outside>', tool: readFileTool, input: () => ({ path: `/proc/self/root${sandbox.secretFile}` }) },
  { name: 'read /proc/self/cwd/package.json', tool: readFileTool, input: () => ({ path: '/proc/self/cwd/package.json' }) },
  { name: 'read ~/.bashrc', tool: readFileTool, input: () => ({ path: '~/.bashrc' }) },
  { name: 'read foo/../../outside/secret.txt', tool: readFileTool, input: () => ({ path: 'foo/../../outside/secret.txt' }) },
  { name: 'read symlink file -> outside (absolute target)', tool: readFileTool, input: () => ({ path: 'link.txt' }) },
  { name: 'read symlink file -> outside (relative target)', tool: readFileTool, input: () => ({ path: 'relative-link.txt' }) },
  { name: 'read through symlinked parent directory', tool: readFileTool, input: () => ({ path: 'dirlink/secret.txt' }) },
  { name: 'read through nested relative directory symlink', tool: readFileTool, input: () => ({ path: 'nested/up/secret.txt' }) },
  { name: 'read symlink loop', tool: readFileTool, input: () => ({ path: 'loop-a' }) },
  { name: 'read hard link to outside file', tool: readFileTool, input: () => ({ path: 'hard.txt' }) },
  { name: 'read with NUL byte', tool: readFileTool, input: () => ({ path: 'inside.txt\0../outside/secret.txt' }) },
  { name: 'read //absolute double slash', tool: readFileTool, input: () => ({ path: `/${sandbox.secretFile}` }) },
  { name: 'read .//..//outside//secret.txt', tool: readFileTool, input: () => ({ path: './/..//outside//secret.txt' }) },
  { name: 'read percent-encoded %2e%2e (a literal name)', tool: readFileTool, input: () => ({ path: '%2e%2e/outside/secret.txt' }) },
  { name: 'read Unicode lookalike dots (a literal name)', tool: readFileTool, input: () => ({ path: '\u2024\u2024/outside/secret.txt' }) },
  { name: 'read backslash traversal (a literal name on POSIX)', tool: readFileTool, input: () => ({ path: '..\\outside\\secret.txt' }) },
  // list_files
  { name: 'list ..', tool: listFilesTool, input: () => ({ path: '..' }) },
  { name: 'list ../outside', tool: listFilesTool, input: () => ({ path: '../outside' }) },
  { name: 'list symlinked directory', tool: listFilesTool, input: () => ({ path: 'dirlink' }) },
  { name: 'list /', tool: listFilesTool, input: () => ({ path: '/' }) },
  { name: 'list recursively does not follow directory symlinks', tool: listFilesTool, input: () => ({ path: '.', recursive: true }), mayComplete: true },
  // search_files
  { name: 'search ..', tool: searchFilesTool, input: () => ({ pattern: 'OUTSIDE-SECRET', path: '..' }) },
  { name: 'search absolute outside directory', tool: searchFilesTool, input: () => ({ pattern: 'OUTSIDE', path: sandbox.outside }) },
  { name: 'search symlinked directory', tool: searchFilesTool, input: () => ({ pattern: 'OUTSIDE', path: 'dirlink' }) },
  { name: 'search hard link file', tool: searchFilesTool, input: () => ({ pattern: 'OUTSIDE', path: 'hard.txt' }) },
  { name: 'search the worktree skips symlinks and hard links', tool: searchFilesTool, input: () => ({ pattern: 'OUTSIDE-SECRET', path: '.' }), mayComplete: true },
  { name: 'search with a ../ glob', tool: searchFilesTool, input: () => ({ pattern: 'OUTSIDE', glob: '../**' }), mayComplete: true },
  // write_file
  { name: 'write ../outside/pwned.txt', tool: writeFileTool, input: () => ({ path: '../outside/pwned.txt', content: pwned }) },
  { name: 'write absolute outside path', tool: writeFileTool, input: () => ({ path: path.join(sandbox.outside, 'pwned.txt'), content: pwned }) },
  { name: 'write over outside file by absolute path', tool: writeFileTool, input: () => ({ path: sandbox.secretFile, content: pwned }) },
  { name: 'write through symlink file', tool: writeFileTool, input: () => ({ path: 'link.txt', content: pwned }) },
  { name: 'write through relative symlink file', tool: writeFileTool, input: () => ({ path: 'relative-link.txt', content: pwned }) },
  { name: 'write into symlinked parent directory', tool: writeFileTool, input: () => ({ path: 'dirlink/pwned.txt', content: pwned }) },
  { name: 'write new subdirectory under symlinked directory', tool: writeFileTool, input: () => ({ path: 'nested/up/new-dir/pwned.txt', content: pwned }) },
  { name: 'write through dangling symlink', tool: writeFileTool, input: () => ({ path: 'dangling', content: pwned }) },
  { name: 'write into symlink loop', tool: writeFileTool, input: () => ({ path: 'loop-a/pwned.txt', content: pwned }) },
  { name: 'write hard link to outside file', tool: writeFileTool, input: () => ({ path: 'hard.txt', content: pwned }) },
  { name: 'write .git/config', tool: writeFileTool, input: () => ({ path: '.git/config', content: pwned }) },
  { name: 'write .git/hooks/pre-commit', tool: writeFileTool, input: () => ({ path: '.git/hooks/pre-commit', content: pwned }) },
  { name: 'write .GIT/config (case variant)', tool: writeFileTool, input: () => ({ path: '.GIT/config', content: pwned }) },
  { name: 'write ~/.bashrc', tool: writeFileTool, input: () => ({ path: '~/.bashrc', content: pwned }) },
  { name: 'write with NUL byte', tool: writeFileTool, input: () => ({ path: 'ok.txt\0/../../outside/pwned.txt', content: pwned }) },
  { name: 'write /proc/self/root/<outside>', tool: writeFileTool, input: () => ({ path: `/proc/self/root${sandbox.outside}/pwned.txt`, content: pwned }) },
  { name: 'write foo/../../outside/pwned.txt', tool: writeFileTool, input: () => ({ path: 'foo/../../outside/pwned.txt', content: pwned }) },
  { name: 'write percent-encoded traversal stays a literal name inside', tool: writeFileTool, input: () => ({ path: '%2e%2e%2foutside%2fpwned.txt', content: 'inside' }), mayComplete: true },
  // edit_file
  { name: 'edit ../outside/secret.txt', tool: editFileTool, input: () => ({ path: '../outside/secret.txt', old_string: 'OUTSIDE', new_string: pwned }) },
  { name: 'edit through symlink file', tool: editFileTool, input: () => ({ path: 'link.txt', old_string: 'OUTSIDE', new_string: pwned }) },
  { name: 'edit through symlinked directory', tool: editFileTool, input: () => ({ path: 'dirlink/secret.txt', old_string: 'OUTSIDE', new_string: pwned }) },
  { name: 'edit hard link', tool: editFileTool, input: () => ({ path: 'hard.txt', old_string: 'OUTSIDE', new_string: pwned }) },
  { name: 'edit absolute outside path', tool: editFileTool, input: () => ({ path: sandbox.secretFile, old_string: 'OUTSIDE', new_string: pwned }) },
];

function assertNoEscape(outcome: ToolOutcome, before: Record<string, string>): void {
  const everything = JSON.stringify(outcome);
  expect(everything).not.toContain(secret());
  expect(everything).not.toMatch(/root:x?:0:0/); // /etc/passwd
  expect(snapshotOutside()).toEqual(before);
  expect(readFileSync(sandbox.secretFile, 'utf8')).toBe(secret());
}

describe('worktree confinement: escape attempts', () => {
  it(`covers at least 30 distinct attempts (${attempts.length})`, () => {
    expect(new Set(attempts.map((attempt) => attempt.name)).size).toBe(attempts.length);
    expect(attempts.length).toBeGreaterThanOrEqual(30);
  });

  it.each(attempts)('$name', async (attempt) => {
    const before = snapshotOutside();
    const outcome = await executeTool(attempt.tool, attempt.input(), sandbox.context());
    if (!attempt.mayComplete) expect(outcome.isError).toBe(true);
    assertNoEscape(outcome, before);
  });

  it('a symlink created by a command cannot be written through', async () => {
    const before = snapshotOutside();
    const runTool = createRunCommandTool({ killGraceMs: 200 });
    const created = await executeTool(runTool, { command: 'ln -s ../outside command-dir && ln -s ../outside/secret.txt command-file' }, sandbox.context());
    expect(created.isError).toBe(false);
    for (const input of [
      { path: 'command-dir/pwned.txt', content: pwned },
      { path: 'command-file', content: pwned },
    ]) {
      const outcome = await executeTool(writeFileTool, input, sandbox.context());
      expect(outcome.isError).toBe(true);
      assertNoEscape(outcome, before);
    }
    const read = await executeTool(readFileTool, { path: 'command-file' }, sandbox.context());
    expect(read.isError).toBe(true);
    assertNoEscape(read, before);
  });

  it('refuses with a typed error naming the reason', async () => {
    const refusal = (requested: string, forWrite = false) =>
      resolveInsideWorktree(sandbox.worktree, requested, { forWrite }).then(
        () => undefined,
        (error: unknown) => (error instanceof PathOutsideWorktreeError ? error.reason : error),
      );
    expect(await refusal('../outside/secret.txt')).toBe('outside_worktree');
    expect(await refusal('link.txt')).toBe('outside_worktree');
    expect(await refusal('loop-a')).toBe('unresolvable_symlink');
    expect(await refusal('dangling', true)).toBe('unresolvable_symlink');
    expect(await refusal('hard.txt')).toBe('hard_link');
    expect(await refusal('.git/config', true)).toBe('git_internals');
    expect(await refusal('~/.bashrc')).toBe('home_expansion');
    expect(await refusal('a\0b')).toBe('null_byte');
    const error = await resolveInsideWorktree(sandbox.worktree, '../x').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PathOutsideWorktreeError);
    expect((error as PathOutsideWorktreeError).code).toBe('path_outside_worktree');
  });

  it('still resolves ordinary paths inside the worktree', async () => {
    const inside = path.join(sandbox.worktree, 'inside.txt');
    expect(await resolveInsideWorktree(sandbox.worktree, 'inside.txt')).toBe(inside);
    expect(await resolveInsideWorktree(sandbox.worktree, 'nested/../inside.txt')).toBe(inside);
    expect(await resolveInsideWorktree(sandbox.worktree, inside)).toBe(inside);
    expect(await resolveInsideWorktree(sandbox.worktree, './~literal', { forWrite: true })).toBe(path.join(sandbox.worktree, '~literal'));
    expect(await resolveInsideWorktree(sandbox.worktree, 'new/dir/file.txt', { forWrite: true })).toBe(path.join(sandbox.worktree, 'new/dir/file.txt'));
    expect(await resolveInsideWorktree(sandbox.worktree, '.git/config')).toBe(path.join(sandbox.worktree, '.git/config'));
    expect(statSync(sandbox.secretFile).nlink).toBe(1);
    expect(statSync(path.join(sandbox.worktree, 'hard.txt')).nlink).toBe(2);
  });
});
