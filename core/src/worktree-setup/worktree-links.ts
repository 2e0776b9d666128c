import { execFile } from 'node:child_process';
import { cp, lstat, mkdir, readFile, realpath, appendFile, symlink } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { GitRunner } from '../git/git-runner.js';
import type { LinkMode } from './worktree-settings.js';

/**
 * Heavy folders of the repository (`node_modules`, a build cache) given to a worktree without
 * installing them again: a symlink to the repository's folder, or a copy-on-write copy, or a
 * plain copy. Each one is added to git's exclude file as `/<folder>` (no trailing slash: a
 * `node_modules/` pattern matches a folder, not a symlink, so a link it does not cover would be
 * committed by the agent's `git add --all`).
 */

export interface LinkReport {
  folder: string;
  outcome: 'linked' | 'copied' | 'skipped';
  /** Why it was skipped. */
  reason?: string;
}

export interface LinkFoldersResult {
  links: LinkReport[];
  /** Plain-words warnings for the log and the card (a `.gitignore` line that misses the links). */
  warnings: string[];
}

const run = promisify(execFile);

export async function linkFolders(git: GitRunner, repository: string, worktree: string, folders: readonly string[], mode: LinkMode): Promise<LinkFoldersResult> {
  const result: LinkFoldersResult = { links: [], warnings: [] };
  const realRepository = await realpath(repository);
  for (const folder of folders) {
    const source = join(realRepository, folder);
    const target = join(worktree, folder);
    const sourceStats = await lstat(source).catch(() => undefined);
    if (sourceStats === undefined || !sourceStats.isDirectory()) {
      result.links.push({ folder, outcome: 'skipped', reason: 'the repository has no such folder (yet)' });
      continue;
    }
    if ((await lstat(target).catch(() => undefined)) !== undefined) {
      result.links.push({ folder, outcome: 'skipped', reason: 'it exists in the worktree' });
      continue;
    }
    await mkdir(dirname(target), { recursive: true });
    if (mode === 'symlink') {
      await symlink(source, target, process.platform === 'win32' ? 'junction' : 'dir');
      result.links.push({ folder, outcome: 'linked' });
    } else {
      await copyFolder(source, target, mode === 'reflink');
      result.links.push({ folder, outcome: 'copied' });
    }
  }
  const added = result.links.filter((link) => link.outcome !== 'skipped').map((link) => link.folder);
  if (added.length > 0) {
    if (mode === 'symlink') result.warnings.push(...(await trailingSlashWarnings(worktree, added)));
    await excludeFromGit(git, worktree, added);
  }
  return result;
}

/**
 * `cp -R --reflink=auto` (GNU; a clone where the file system has them, a copy elsewhere),
 * `cp -Rc` on macOS (clonefile on APFS); Node's own recursive copy where there is no such `cp`.
 */
async function copyFolder(source: string, target: string, reflink: boolean): Promise<void> {
  if (process.platform === 'linux') {
    await run('cp', ['-R', '--no-dereference', '--preserve=mode,timestamps,links', ...(reflink ? ['--reflink=auto'] : []), '--', source, target]);
    return;
  }
  if (process.platform === 'darwin' && reflink) {
    await run('cp', ['-R', '-c', '--', source, target]);
    return;
  }
  await cp(source, target, { recursive: true, verbatimSymlinks: true, errorOnExist: true, force: false });
}

/** A `.gitignore` line `<folder>/` ignores the folder in the repository but not the link in a worktree. */
async function trailingSlashWarnings(worktree: string, folders: readonly string[]): Promise<string[]> {
  const warnings: string[] = [];
  const gitignore = await readFile(join(worktree, '.gitignore'), 'utf8').catch(() => '');
  const lines = new Set(gitignore.split(/\r?\n/).map((line) => line.trim()));
  for (const folder of folders) {
    const name = folder.split('/').pop()!;
    const slashed = [`${folder}/`, `/${folder}/`, `${name}/`, `**/${name}/`].find((line) => lines.has(line));
    if (slashed === undefined || [folder, `/${folder}`, name, `**/${name}`].some((line) => lines.has(line))) continue;
    warnings.push(
      `.gitignore has "${slashed}" with a trailing slash, which does not match a link: Kanbots excludes the link "${folder}" in the worktree's git exclude file; write "${slashed.slice(0, -1)}" so other tools' links are not committed either`,
    );
  }
  return warnings;
}

/** Adds `/<folder>` lines to the exclude file git reads for the worktree (once each). */
async function excludeFromGit(git: GitRunner, worktree: string, folders: readonly string[]): Promise<void> {
  const relative = await git.line(worktree, ['rev-parse', '--git-path', 'info/exclude']);
  const file = isAbsolute(relative) ? relative : resolve(worktree, relative);
  const present = new Set((await readFile(file, 'utf8').catch(() => '')).split(/\r?\n/));
  const missing = folders.map((folder) => `/${folder}`).filter((line) => !present.has(line));
  if (missing.length === 0) return;
  await mkdir(dirname(file), { recursive: true });
  const current = await readFile(file, 'utf8').catch(() => '');
  const header = present.has(excludeHeader) ? '' : `${excludeHeader}\n`;
  await appendFile(file, `${current === '' || current.endsWith('\n') ? '' : '\n'}${header}${missing.join('\n')}\n`);
}

const excludeHeader = '# Kanbots: folders linked or copied into worktrees (never committed)';
