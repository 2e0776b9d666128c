import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executeTool } from '../../src/agents/tools/define-tool.js';
import { readFileTool } from '../../src/agents/tools/read-file-tool.js';
import { searchFilesTool } from '../../src/agents/tools/search-files-tool.js';
import { resolveInsideWorktree } from '../../src/agents/tools/worktree-paths.js';
import { writeFileTool } from '../../src/agents/tools/write-file-tool.js';
import { createToolSandbox, type ToolSandbox } from './tool-test-context.js';

/**
 * The check-then-open race: while the file tools work on `d/…`, a separate process keeps flipping
 * `d` between a real directory inside the worktree and a symbolic link to a directory outside it.
 * Not one write may land outside and not one read may return the outside file. A control run of
 * the old way (check the path, then open it by name) shows the swapper really races.
 */

const attempts = 400;
let sandbox: ToolSandbox;
let swapper: ChildProcess;
let outsideDirectory: string;
const outsideSecret = (): string => `${sandbox.secretContent}-swapped-target`;

/**
 * Flips `d`: real directory → absent → link to outside → absent → …, repairing what a tool
 * created; counts the flips into `../swaps` (outside the worktree, replaced atomically) every 50 flips.
 */
const swapperSource = String.raw`
const fs = require('node:fs');
let nextIsDirectory = true;
let flips = 0;
for (;;) {
  let info;
  try { info = fs.lstatSync('d'); } catch {}
  try {
    if (!info) {
      fs.renameSync(nextIsDirectory ? 'd.dir' : 'd.link', 'd');
      nextIsDirectory = !nextIsDirectory;
      flips += 1;
      if (flips % 50 === 0) { fs.writeFileSync('../swaps.next', String(flips)); fs.renameSync('../swaps.next', '../swaps'); }
    }
    else if (info.isSymbolicLink()) fs.renameSync('d', 'd.link');
    else fs.renameSync('d', 'd.dir');
  } catch {
    // A directory a tool created while d was absent: remove it and carry on.
    try { if (fs.existsSync('d.dir') && !fs.lstatSync('d').isSymbolicLink()) fs.rmSync('d', { recursive: true, force: true }); } catch {}
  }
}
`;

beforeAll(async () => {
  sandbox = createToolSandbox();
  outsideDirectory = path.join(sandbox.outside, 'swap-target');
  mkdirSync(outsideDirectory);
  writeFileSync(path.join(outsideDirectory, 'target.txt'), outsideSecret());
  mkdirSync(path.join(sandbox.worktree, 'd.dir'));
  writeFileSync(path.join(sandbox.worktree, 'd.dir', 'target.txt'), 'inside target\n');
  symlinkSync(outsideDirectory, path.join(sandbox.worktree, 'd.link'));
  swapper = spawn(process.execPath, ['-e', swapperSource], { cwd: sandbox.worktree, stdio: 'ignore' });
  // Wait until the swapper has flipped at least once.
  for (let tries = 0; tries < 2000; tries += 1) {
    if (readdirSync(sandbox.base).includes('swaps')) break;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
});

afterAll(async () => {
  swapper.kill('SIGKILL');
  await new Promise((resolve) => swapper.once('exit', resolve));
  sandbox.cleanup();
});

const outsideWrites = (): string[] => readdirSync(outsideDirectory).filter((name) => name !== 'target.txt');
/** How many times the swapper has put a directory or a link at `d` so far. */
const swaps = (): number => Number(readFileSync(path.join(sandbox.base, 'swaps'), 'utf8').trim() || '0');

describe('symlink-swap race against the file tools', () => {
  it(`${attempts} writes through a swapped directory: none lands outside`, async () => {
    let inside = 0;
    let refused = 0;
    const swapsBefore = swaps();
    for (let index = 0; index < attempts; index += 1) {
      const outcome = await executeTool(writeFileTool, { path: `d/written-${index}.txt`, content: `write ${index}` }, sandbox.context());
      if (outcome.isError) refused += 1;
      else inside += 1;
    }
    const outside = outsideWrites().length;
    const swapped = swaps() - swapsBefore;
    console.log(`symlink-swap race, write_file: ${attempts} attempts, ${inside} written inside, ${refused} refused, ${outside} outside (swapper: ${swapped}+ flips meanwhile)`);
    expect(outside).toBe(0);
    expect(readFileSync(path.join(outsideDirectory, 'target.txt'), 'utf8')).toBe(outsideSecret());
    // The attempts really raced the swapper.
    expect(swapped).toBeGreaterThan(0);
  });

  it(`${attempts} reads through a swapped directory: none returns the outside file`, async () => {
    let inside = 0;
    let refused = 0;
    let outside = 0;
    const swapsBefore = swaps();
    for (let index = 0; index < attempts; index += 1) {
      const outcome = await executeTool(readFileTool, { path: 'd/target.txt' }, sandbox.context());
      if (JSON.stringify(outcome).includes(outsideSecret())) outside += 1;
      else if (outcome.isError) refused += 1;
      else inside += 1;
    }
    const swapped = swaps() - swapsBefore;
    console.log(`symlink-swap race, read_file: ${attempts} attempts, ${inside} read inside, ${refused} refused, ${outside} outside (swapper: ${swapped}+ flips meanwhile)`);
    expect(outside).toBe(0);
    expect(swapped).toBeGreaterThan(0);
  });

  it(`${attempts / 2} searches through a swapped directory: none returns the outside file`, async () => {
    let outside = 0;
    for (let index = 0; index < attempts / 2; index += 1) {
      const outcome = await executeTool(searchFilesTool, { pattern: 'target|SECRET', path: 'd' }, sandbox.context());
      if (JSON.stringify(outcome).includes(outsideSecret())) outside += 1;
    }
    console.log(`symlink-swap race, search_files: ${attempts / 2} attempts, ${outside} outside`);
    expect(outside).toBe(0);
  });

  // Not a pass/fail check: it prints how often the old way escapes under the same swapper.
  it('control: checking the path and then opening it by name races (printed)', async () => {
    let outside = 0;
    for (let index = 0; index < attempts; index += 1) {
      const resolved = await resolveInsideWorktree(sandbox.worktree, 'd/target.txt').catch(() => undefined);
      if (resolved === undefined) continue;
      const text = await readFile(resolved, 'utf8').catch(() => '');
      if (text.includes(outsideSecret())) outside += 1;
    }
    console.log(`symlink-swap race, control (check, then open by name): ${attempts} attempts, ${outside} read outside`);
  });
});
