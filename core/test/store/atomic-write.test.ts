import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { removeStaleTempFiles, temporaryFileName, writeFileAtomic } from '../../src/store/atomic-write.js';
import { StoreError } from '../../src/store/store-errors.js';

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'kanbots-atomic-'));
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('atomic writes', () => {
  it('creates the file (and its directory) and replaces it whole, leaving no temp file', async () => {
    const path = join(directory, 'nested', 'state.json');
    await writeFileAtomic(path, 'first');
    await writeFileAtomic(path, new TextEncoder().encode('second'));
    expect(await readFile(path, 'utf8')).toBe('second');
    expect(await readdir(join(directory, 'nested'))).toEqual(['state.json']);
  });

  it('applies the requested mode to a new file', async () => {
    const path = join(directory, 'secret.json');
    await writeFileAtomic(path, '{}', { mode: 0o600 });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('keeps the old file when a writer crashed before the rename, and the next open cleans the temp file', async () => {
    const path = join(directory, 'board.json');
    await writeFileAtomic(path, 'old and complete');
    // What a writer killed between "temp written" and "rename" leaves behind (another pid):
    const leftover = join(directory, temporaryFileName(path, 999_999));
    await writeFile(leftover, 'new but half-writ');
    expect(await readFile(path, 'utf8')).toBe('old and complete');
    expect(await removeStaleTempFiles(path)).toEqual([leftover]);
    expect(await readdir(directory)).toEqual(['board.json']);
  });

  it('does not clean temp files of other documents or of writes running in this process', async () => {
    const path = join(directory, 'board.json');
    const ours = join(directory, temporaryFileName(path));
    const otherDocument = join(directory, temporaryFileName(join(directory, 'settings.json'), 999_999));
    await writeFile(ours, 'x');
    await writeFile(otherDocument, 'x');
    expect(await removeStaleTempFiles(path)).toEqual([]);
    expect((await readdir(directory)).sort()).toEqual([ours, otherDocument].map((item) => item.slice(directory.length + 1)).sort());
  });

  it('reports a failed write as a StoreError and removes its temp file', async () => {
    const path = join(directory, 'occupied');
    await mkdir(join(path, 'child'), { recursive: true }); // a non-empty directory cannot be renamed over
    const error = await writeFileAtomic(path, 'data').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StoreError);
    expect(error).toMatchObject({ code: 'store_io', path, operation: 'write' });
    expect(await readdir(directory)).toEqual(['occupied']);
  });
});
