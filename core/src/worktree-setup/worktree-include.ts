import { constants } from 'node:fs';
import { copyFile, lstat, mkdir, mkdtemp, readdir, readFile, readlink, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { GitRunner } from '../git/git-runner.js';

/**
 * `.worktreeinclude` (the convention of Claude Code, Conductor, ccmanager and others): one file at
 * the repository's top level in `.gitignore` syntax. A file of the repository is copied into a new
 * worktree only if it matches a pattern there (negation, directories and nested paths as in
 * `.gitignore`) AND git ignores it; an existing file is never overwritten. Git does the matching
 * both times (`git ls-files --others --ignored`), so the semantics are git's own.
 */

export const worktreeIncludeFile = '.worktreeinclude';

export interface IncludeCopyReport {
  /** Paths copied, relative to the top level, `/`-separated. */
  copied: string[];
  /** Paths matched but left alone, and why (it exists in the worktree, it would go through a link). */
  skipped: { path: string; reason: string }[];
}

/** The `.worktreeinclude` lines (none when the file is absent) followed by `extra`. */
export async function includePatterns(repository: string, extra: readonly string[] = []): Promise<string[]> {
  const text = await readFile(join(repository, worktreeIncludeFile), 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });
  return [...text.split(/\r?\n/), ...extra].filter((line) => line.trim() !== '' && !line.startsWith('#'));
}

/** Untracked entries of `repository` matched by the exclude patterns git is given (`dir/` for a whole directory). */
async function untrackedMatches(git: GitRunner, repository: string, source: string[], skip: readonly string[] = []): Promise<string[]> {
  const pathspecs = skip.length === 0 ? [] : ['--', '.', ...skip.map((folder) => `:(exclude,top,literal)${folder}`)];
  const output = await git.text(repository, ['ls-files', '-z', '--others', '--ignored', '--directory', ...source, ...pathspecs]);
  // ls-files can name an entry more than once (once per pattern source that reached it).
  return [...new Set(output.split('\0').filter((entry) => entry !== ''))];
}

/**
 * The files of the repository that match `patterns` and that git ignores, relative to the top
 * level. Folders in `skip` (the linked ones, which arrive whole) are not looked into: git does not
 * walk them, which keeps a large `node_modules` from costing anything here.
 */
export async function includedIgnoredFiles(git: GitRunner, repository: string, patterns: readonly string[], skip: readonly string[] = []): Promise<string[]> {
  if (patterns.length === 0) return [];
  const scratch = await mkdtemp(join(tmpdir(), 'kanbots-include-'));
  try {
    const patternFile = join(scratch, 'include');
    await writeFile(patternFile, `${patterns.join('\n')}\n`);
    const [matched, ignored] = await Promise.all([
      untrackedMatches(git, repository, [`--exclude-from=${patternFile}`], skip),
      untrackedMatches(git, repository, ['--exclude-standard']),
    ]);
    const ignoredFiles = new Set(ignored.filter((entry) => !entry.endsWith('/')));
    const ignoredFolders = new Set(ignored.filter((entry) => entry.endsWith('/')));
    // Git cannot re-include a file inside an ignored folder, so a folder's being ignored covers everything in it.
    const isIgnored = (path: string): boolean => {
      if (ignoredFiles.has(path) || ignoredFolders.has(`${path}/`)) return true;
      for (let slash = path.indexOf('/'); slash !== -1; slash = path.indexOf('/', slash + 1)) {
        if (ignoredFolders.has(path.slice(0, slash + 1))) return true;
      }
      return false;
    };
    const files: string[] = [];
    for (const entry of matched) {
      if (!entry.endsWith('/')) {
        if (isIgnored(entry)) files.push(entry);
        continue;
      }
      for (const file of await filesUnder(repository, entry.slice(0, -1))) if (isIgnored(file)) files.push(file);
    }
    return [...new Set(files)].sort();
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** Every file and symlink under `folder` (relative), not following links. */
async function filesUnder(repository: string, folder: string): Promise<string[]> {
  const found: string[] = [];
  const entries = await readdir(join(repository, folder), { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    const path = `${folder}/${entry.name}`;
    if (entry.isDirectory()) found.push(...(await filesUnder(repository, path)));
    else if (entry.isFile() || entry.isSymbolicLink()) found.push(path);
  }
  return found;
}

/**
 * Copies `files` (relative paths) from the repository into the worktree: copy-on-write where the
 * file system can (`COPYFILE_FICLONE` falls back to a plain copy), symlinks as symlinks, never over
 * an existing file and never through a link inside the worktree.
 */
export async function copyIntoWorktree(repository: string, worktree: string, files: readonly string[]): Promise<IncludeCopyReport> {
  const report: IncludeCopyReport = { copied: [], skipped: [] };
  const realWorktree = await realpath(worktree);
  for (const file of files) {
    const source = join(repository, file);
    const target = join(worktree, file);
    if ((await lstat(target).catch(() => undefined)) !== undefined) {
      report.skipped.push({ path: file, reason: 'it exists in the worktree' });
      continue;
    }
    await mkdir(dirname(target), { recursive: true });
    if ((await realpath(dirname(target))) !== join(realWorktree, dirname(file))) {
      report.skipped.push({ path: file, reason: 'its folder in the worktree is a link' });
      continue;
    }
    const stats = await lstat(source).catch(() => undefined);
    if (stats === undefined) continue;
    try {
      if (stats.isSymbolicLink()) await symlink(await readlink(source), target);
      else await copyFile(source, target, constants.COPYFILE_EXCL | constants.COPYFILE_FICLONE);
      report.copied.push(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      report.skipped.push({ path: file, reason: 'it exists in the worktree' });
    }
  }
  return report;
}
