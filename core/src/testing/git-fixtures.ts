import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';

/**
 * Scenario builders for tests that need real git repositories (STYLE §10): a fresh repository in
 * a temp dir with a fixed branch and committer, isolated from the machine's git configuration,
 * plus helpers to put it in the states a card meets (dirty, ahead, conflicting, mid-rebase, …).
 */

/** Environment that isolates git from the machine's global and system configuration. */
export const isolatedGitEnvironment: Readonly<Record<string, string>> = Object.freeze({
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
});

/** The fixed identity the fixture commits with (via environment, not config). */
export const testCommitter = { name: 'Kanbots Test', email: 'test@kanbots.invalid' } as const;

/** A directory name with spaces and non-ASCII characters, for path-handling tests. */
export const unusualDirectoryName = 'dir with spaces ünïcödé 日本';

function fixtureEnvironment(): NodeJS.ProcessEnv {
  const environment: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.toUpperCase().startsWith('GIT_')) environment[name] = value;
  }
  return {
    ...environment,
    ...isolatedGitEnvironment,
    GIT_AUTHOR_NAME: testCommitter.name,
    GIT_AUTHOR_EMAIL: testCommitter.email,
    GIT_COMMITTER_NAME: testCommitter.name,
    GIT_COMMITTER_EMAIL: testCommitter.email,
    GIT_EDITOR: 'true',
    GIT_TERMINAL_PROMPT: '0',
  };
}

export interface GitCallOptions {
  cwd?: string;
  /** Resolve with the output instead of rejecting on a non-zero exit. */
  allowFailure?: boolean;
}

/** Runs git with the fixture's isolated environment; resolves with stdout. */
export function runTestGit(cwd: string, args: readonly string[], options: { allowFailure?: boolean } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('git', [...args], { cwd, env: fixtureEnvironment(), maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && options.allowFailure !== true) reject(new Error(`git ${args.join(' ')} failed in ${cwd}: ${stderr || error.message}`));
      else resolve(stdout);
    });
  });
}

/** A temporary directory (optionally with an unusual name inside it) and its cleanup. */
export interface TemporaryDirectory {
  path: string;
  cleanup(): Promise<void>;
}

export async function createTemporaryDirectory(options: { name?: string } = {}): Promise<TemporaryDirectory> {
  const root = await realpath(await mkdtemp(join(tmpdir(), 'kanbots-test-')));
  const path = options.name === undefined ? root : join(root, options.name);
  await mkdir(path, { recursive: true });
  return { path, cleanup: () => rm(root, { recursive: true, force: true }) };
}

/** Everything about a checkout a merge must not touch, for byte-for-byte comparisons. */
export interface CheckoutSnapshot {
  head: string;
  status: string;
  /** sha256 of each file outside `.git`, by relative path. */
  files: Record<string, string>;
  /** sha256 of the index file. */
  index: string;
  /** Names of the operation markers present in the git dir (MERGE_HEAD, rebase-merge, …). */
  markers: string[];
}

async function hashFiles(root: string, directory: string, into: Record<string, string>): Promise<void> {
  for (const entry of await readdir(directory, { withFileTypes: true })) {
    if (entry.name === '.git') continue;
    const full = join(directory, entry.name);
    if (entry.isDirectory()) await hashFiles(root, full, into);
    else into[relative(root, full)] = createHash('sha256').update(await readFile(full)).digest('hex');
  }
}

/** Captures a checkout's HEAD, status, file bytes, index and in-progress operation markers. */
export async function captureCheckout(path: string): Promise<CheckoutSnapshot> {
  const files: Record<string, string> = {};
  await hashFiles(path, path, files);
  const gitDirectory = (await runTestGit(path, ['rev-parse', '--absolute-git-dir'])).trim();
  const head = (await runTestGit(path, ['rev-parse', 'HEAD'])).trim();
  const status = await runTestGit(path, ['status', '--porcelain=v2', '--branch', '--untracked-files=all']);
  const index = createHash('sha256').update(await readFile(join(gitDirectory, 'index'))).digest('hex');
  const present = await readdir(gitDirectory);
  const markers = ['MERGE_HEAD', 'CHERRY_PICK_HEAD', 'REVERT_HEAD', 'rebase-merge', 'rebase-apply'].filter((name) => present.includes(name));
  return { head, status, files, index, markers };
}

export interface TestRepositoryOptions {
  /** Name of the initial branch (default `main`). */
  branch?: string;
  /** Name of the repository's directory, e.g. `unusualDirectoryName` (default `repository`). */
  directoryName?: string;
}

export interface TestRepository {
  /** Real path of the repository's top level. */
  path: string;
  branch: string;
  /** Pass to `WorktreeManager` as `gitEnvironment` so it ignores the machine's git config too. */
  gitEnvironment: Record<string, string>;
  git(args: readonly string[], options?: GitCallOptions): Promise<string>;
  writeFiles(files: Record<string, string | Uint8Array>, cwd?: string): Promise<void>;
  readFile(relativePath: string, cwd?: string): Promise<string>;
  /** Stages everything and commits; returns the new commit id. */
  commitAll(message: string, cwd?: string): Promise<string>;
  /** Modifies `README.md`, stages a new `staged.txt` and adds an untracked `untracked.txt`. */
  makeDirty(cwd?: string): Promise<{ modified: string; staged: string; untracked: string }>;
  /** Creates `branch` from `from` (default: current branch) with `commits` commits; the checkout is left as it was. Needs a clean checkout. */
  branchAhead(branch: string, options?: { from?: string; commits?: number; file?: string }): Promise<string>;
  /** Creates two branches from HEAD that change `file` differently. Needs a clean checkout. */
  makeConflict(branchA: string, branchB: string, file: string): Promise<void>;
  detachHead(): Promise<string>;
  /** Leaves the checkout in the middle of a rebase of `topic` onto the initial branch, stopped on a conflict in `conflict.txt`. */
  startRebaseConflict(): Promise<{ branch: string; onto: string; file: string }>;
  head(reference?: string): Promise<string>;
  cleanup(): Promise<void>;
}

export async function createTestRepository(options: TestRepositoryOptions = {}): Promise<TestRepository> {
  const branch = options.branch ?? 'main';
  const temporary = await createTemporaryDirectory();
  const path = join(temporary.path, options.directoryName ?? 'repository');
  await mkdir(path, { recursive: true });
  const git = (args: readonly string[], callOptions: GitCallOptions = {}) =>
    runTestGit(callOptions.cwd ?? path, args, callOptions.allowFailure === undefined ? {} : { allowFailure: callOptions.allowFailure });
  await git(['init', '--quiet', `--initial-branch=${branch}`]);
  await git(['config', 'commit.gpgsign', 'false']);

  const writeFiles = async (files: Record<string, string | Uint8Array>, cwd = path) => {
    for (const [name, content] of Object.entries(files)) {
      await mkdir(dirname(join(cwd, name)), { recursive: true });
      await writeFile(join(cwd, name), content);
    }
  };
  const commitAll = async (message: string, cwd = path) => {
    await git(['add', '--all'], { cwd });
    await git(['commit', '--quiet', '--allow-empty', '-m', message], { cwd });
    return (await git(['rev-parse', 'HEAD'], { cwd })).trim();
  };
  const head = async (reference = 'HEAD') => (await git(['rev-parse', reference])).trim();
  const currentBranch = async () => (await git(['symbolic-ref', '--quiet', '--short', 'HEAD'], { allowFailure: true })).trim();

  await writeFiles({ 'README.md': '# Test repository\n', 'src/app.txt': 'line 1\nline 2\nline 3\n' });
  await commitAll('initial commit');

  const repository: TestRepository = {
    path,
    branch,
    gitEnvironment: { ...isolatedGitEnvironment },
    git,
    writeFiles,
    readFile: (relativePath, cwd = path) => readFile(join(cwd, relativePath), 'utf8'),
    commitAll,
    head,
    async makeDirty(cwd = path) {
      await writeFiles({ 'README.md': '# Test repository\n\nchanged, not staged\n', 'staged.txt': 'staged\n', 'untracked.txt': 'untracked\n' }, cwd);
      await git(['add', 'staged.txt'], { cwd });
      return { modified: 'README.md', staged: 'staged.txt', untracked: 'untracked.txt' };
    },
    async branchAhead(name, aheadOptions = {}) {
      const back = (await currentBranch()) || (await head());
      await git(['checkout', '--quiet', '-b', name, aheadOptions.from ?? back]);
      for (let index = 1; index <= (aheadOptions.commits ?? 1); index += 1) {
        await writeFiles({ [aheadOptions.file ?? `${name.replace(/\//g, '-')}-${index}.txt`]: `${name} commit ${index}\n` });
        await commitAll(`${name}: commit ${index}`);
      }
      const tip = await head();
      await git(['checkout', '--quiet', back]);
      return tip;
    },
    async makeConflict(branchA, branchB, file) {
      const back = (await currentBranch()) || (await head());
      for (const name of [branchA, branchB]) {
        await git(['checkout', '--quiet', '-b', name, back]);
        await writeFiles({ [file]: `content from ${name}\n` });
        await commitAll(`${name}: change ${file}`);
        await git(['checkout', '--quiet', back]);
      }
    },
    async detachHead() {
      await git(['checkout', '--quiet', '--detach']);
      return head();
    },
    async startRebaseConflict() {
      const file = 'conflict.txt';
      await repository.makeConflict('topic', 'rebase-onto', file);
      await git(['checkout', '--quiet', branch]);
      await git(['merge', '--quiet', '--ff-only', 'rebase-onto']);
      await git(['checkout', '--quiet', 'topic']);
      await git(['rebase', branch], { allowFailure: true });
      return { branch: 'topic', onto: branch, file };
    },
    cleanup: temporary.cleanup,
  };
  return repository;
}
