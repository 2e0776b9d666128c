import { simpleGit } from 'simple-git';
import { GitCommandError } from './git-errors.js';

/** Options of one git invocation. */
export interface GitRunOptions {
  /** Extra environment variables for this call only (e.g. `GIT_INDEX_FILE`). */
  environment?: Record<string, string>;
  /** Per-command `-c key=value` settings. */
  config?: string[];
  /** Exit codes other than 0 that are an answer rather than a failure (e.g. 1 for `merge-tree`). */
  allowExitCodes?: number[];
}

export interface GitRunResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/**
 * Ambient variables that would change what git does behind our back (editors, pagers, config
 * paths, `GIT_DIR`…). simple-git refuses them when passed explicitly, so they are dropped.
 */
const guardedNames = new Set(['editor', 'visual', 'pager', 'prefix', 'ssh_askpass']);

function ambientEnvironment(): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    const lower = name.toLowerCase();
    if (value === undefined || lower.startsWith('git_') || guardedNames.has(lower)) continue;
    environment[name] = value;
  }
  return environment;
}

const configPathVariables = new Set(['GIT_CONFIG_GLOBAL', 'GIT_CONFIG_SYSTEM', 'GIT_CONFIG']);

/**
 * The one place Kanbots runs git: a thin wrapper over simple-git's `raw` that reports the exit
 * code, keeps stdout untrimmed (for `-z` output) and passes an explicit environment.
 * Note: simple-git waits 50 ms after a command that printed nothing at all, so hot paths prefer
 * commands that always print (no `--quiet`, `status --branch`, `merge-base` over `--is-ancestor`).
 * `baseEnvironment` is added to every call (tests use it to isolate git from the machine's
 * global configuration: `GIT_CONFIG_GLOBAL`, `GIT_CONFIG_NOSYSTEM`).
 */
export class GitRunner {
  constructor(private readonly baseEnvironment: Record<string, string> = {}) {}

  async run(cwd: string, args: readonly string[], options: GitRunOptions = {}): Promise<GitRunResult> {
    const extra = { ...this.baseEnvironment, ...options.environment };
    const allowed = options.allowExitCodes ?? [];
    let outcome: GitRunResult | undefined;
    const git = simpleGit({
      baseDir: cwd,
      trimmed: false,
      config: options.config ?? [],
      allowEnvironment: Object.keys(extra),
      unsafe: { allowUnsafeConfigPaths: Object.keys(extra).some((name) => configPathVariables.has(name)) },
      errors: (error, result) => {
        outcome = {
          stdout: Buffer.concat(result.stdOut).toString('utf8'),
          stderr: Buffer.concat(result.stdErr).toString('utf8'),
          exitCode: result.exitCode,
        };
        if (result.exitCode === 0 || allowed.includes(result.exitCode)) return undefined;
        return error;
      },
    }).env({ ...ambientEnvironment(), ...extra });
    try {
      const stdout = await git.raw([...args]);
      return outcome ?? { stdout, stderr: '', exitCode: 0 };
    } catch (error) {
      throw new GitCommandError(args, outcome?.exitCode, outcome?.stderr ?? String(error), { cause: error });
    }
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
}
