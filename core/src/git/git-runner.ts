import { spawn } from 'node:child_process';
import { setPriority } from 'node:os';
import { driverOverrides, parseConfigListing } from './git-driver-overrides.js';
import { DriverTrust } from './git-driver-trust.js';
import { GitCommandError } from './git-errors.js';
import { configEnvironment, hardenedSettings, mayRunDrivers, parseSettings, safeGitEnvironment, type GitSetting } from './git-safety.js';

/** Options of one git invocation. */
export interface GitRunOptions {
  /** Extra environment variables for this call only (e.g. `GIT_INDEX_FILE`). */
  environment?: Record<string, string>;
  /** Per-command `key=value` settings (applied before Kanbots' hardening, which always wins). */
  config?: string[];
  /** Exit codes other than 0 that are an answer rather than a failure (e.g. 1 for `merge-tree`). */
  allowExitCodes?: number[];
  /**
   * Run the repository's hooks. Only for the user's own merge with `git.runUserHooksOnMerge`
   * on; everything else Kanbots does in git runs no hook.
   */
  runHooks?: boolean;
  /** Kill git after this long (default 10 minutes). */
  timeoutMs?: number;
  /** Run git at this niceness (background work such as filling the warm pool: 10). */
  niceness?: number;
}

export interface GitRunResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

const defaultTimeoutMs = 10 * 60 * 1000;

/**
 * The one place Kanbots runs git. Every call gets an allowlisted environment (no keys), the
 * hardening of git-safety.ts (no hooks, no fsmonitor, no signing programs, no network…) and,
 * for subcommands that read `.gitattributes`, the neutralised filter and merge drivers of
 * git-driver-overrides.ts — so what an agent plants in a repository never runs here.
 * stdout is returned untrimmed (for `-z` output); stdin is closed, so git never waits for input.
 * `baseEnvironment` is added to every call (tests use it to isolate git from the machine's
 * global configuration: `GIT_CONFIG_GLOBAL`, `GIT_CONFIG_NOSYSTEM`); `driverTrust` records the
 * drivers a repository had when Kanbots first saw it (git-driver-trust.ts).
 */
export class GitRunner {
  constructor(
    private readonly baseEnvironment: Record<string, string> = {},
    private readonly driverTrust: DriverTrust = new DriverTrust(),
  ) {}

  async run(cwd: string, args: readonly string[], options: GitRunOptions = {}): Promise<GitRunResult> {
    const hardening = hardenedSettings(options.runHooks === true ? { runHooks: true } : {});
    const drivers = mayRunDrivers(args) ? await this.repositoryDriverOverrides(cwd, hardening) : [];
    const settings = [...parseSettings(options.config ?? []), ...drivers, ...hardening];
    const result = await this.spawnGit(cwd, args, settings, options);
    if (result.exitCode === 0 || (options.allowExitCodes ?? []).includes(result.exitCode)) return result;
    throw new GitCommandError(args, result.exitCode, result.stderr);
  }

  /** Runs git and returns stdout. */
  async text(cwd: string, args: readonly string[], options: GitRunOptions = {}): Promise<string> {
    return (await this.run(cwd, args, options)).stdout;
  }

  /** Runs git and returns stdout without its trailing newline. */
  async line(cwd: string, args: readonly string[], options: GitRunOptions = {}): Promise<string> {
    return (await this.run(cwd, args, options)).stdout.replace(/\r?\n$/, '');
  }

  /** True when the command exits 0, false when it exits 1 (e.g. `rev-parse --verify --quiet`). */
  async succeeds(cwd: string, args: readonly string[], options: GitRunOptions = {}): Promise<boolean> {
    const result = await this.run(cwd, args, { ...options, allowExitCodes: [1, ...(options.allowExitCodes ?? [])] });
    return result.exitCode === 0;
  }

  /** The environment a git process gets (exported for the one other place that runs git). */
  environment(extra: Record<string, string> = {}, settings: readonly GitSetting[] = hardenedSettings()): Record<string, string> {
    return { ...safeGitEnvironment(process.env), ...this.baseEnvironment, ...extra, ...configEnvironment(settings) };
  }

  /** Reads the configuration as git will see it and neutralises the drivers the repository defines. */
  private async repositoryDriverOverrides(cwd: string, hardening: readonly GitSetting[]): Promise<GitSetting[]> {
    const args = ['config', '--list', '--show-scope', '--show-origin', '-z'];
    const listing = await this.spawnGit(cwd, args, hardening, {});
    if (listing.exitCode !== 0) throw new GitCommandError(args, listing.exitCode, listing.stderr);
    const entries = parseConfigListing(listing.stdout);
    return driverOverrides(entries, this.driverTrust.trustOf(cwd, entries));
  }

  private spawnGit(cwd: string, args: readonly string[], settings: readonly GitSetting[], options: GitRunOptions): Promise<GitRunResult> {
    const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
    return new Promise((resolve, reject) => {
      const child = spawn('git', [...args], { cwd, env: this.environment(options.environment, settings), stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
      if (options.niceness !== undefined && child.pid !== undefined) lowerPriority(child.pid, options.niceness);
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, timeoutMs);
      child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
      child.on('error', (error) => {
        clearTimeout(timer);
        reject(new GitCommandError(args, undefined, error.message, { cause: error }));
      });
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        const errorText = Buffer.concat(stderr).toString('utf8');
        if (timedOut) return reject(new GitCommandError(args, undefined, `timed out after ${timeoutMs} ms ${errorText}`));
        if (code === null) return reject(new GitCommandError(args, undefined, `ended by ${signal ?? 'a signal'} ${errorText}`));
        resolve({ stdout: Buffer.concat(stdout).toString('utf8'), stderr: errorText, exitCode: code });
      });
    });
  }
}

/** Best effort: a process that already ended, or a platform that refuses, keeps its priority. */
function lowerPriority(pid: number, niceness: number): void {
  try {
    setPriority(pid, niceness);
  } catch {
    // The work still gets done, only not in the background.
  }
}
