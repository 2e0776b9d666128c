import { execFile } from 'node:child_process';
import { access } from 'node:fs/promises';
import path from 'node:path';
import { secretEnvironmentVariables } from './executor.js';
import type { AgentCliName } from './detect-agent-clis.js';

/**
 * Whether an installed agent CLI is logged in with its own login (the credential a run uses when
 * Kanbots holds no key for it), asked the way the CLI itself answers it:
 *
 * - Claude Code: `claude auth status --json` prints `{ "loggedIn", "authMethod", … }` and exits 1
 *   when not logged in (`authMethod: "none"`).
 * - Codex: `codex login status` prints to stderr "Not logged in" (exit 1), or "Logged in using
 *   ChatGPT" / "API key configured - sk-…" (exit 0), reading `auth.json` in `CODEX_HOME`
 *   (default `~/.codex`).
 *
 * The CLI runs with the environment its runs get: model keys removed (a run uses the CLI's login,
 * not a key in the host's environment). Nothing the CLI prints is passed on — it may quote part of
 * a key — only what was understood from it.
 */

export type AgentCliLoginState = 'logged-in' | 'not-logged-in' | 'unknown';

export interface AgentCliLogin {
  state: AgentCliLoginState;
  /** How it is logged in, in words ("a claude.ai account", "an API key"), when logged in. */
  method?: string;
  /** Why the state is unknown (in words), when it is. */
  reason?: string;
}

/** The command a person types to log in. */
export const agentCliLoginCommands: Record<AgentCliName, string> = {
  'claude-code': 'claude auth login',
  codex: 'codex login',
};

const claudeMethods: Record<string, string> = {
  'claude.ai': 'a Claude account',
  oauth_token: 'an OAuth token',
  api_key: 'an API key',
};

/** Reads `claude auth status --json` (pure). */
export function parseClaudeAuthStatus(stdout: string, exitCode: number): AgentCliLogin {
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout.slice(stdout.indexOf('{')));
  } catch {
    return exitCode === 0 ? { state: 'unknown', reason: 'claude auth status printed something Kanbots does not understand' } : { state: 'not-logged-in' };
  }
  const status = parsed as { loggedIn?: unknown; authMethod?: unknown };
  if (status.loggedIn === true) {
    const method = typeof status.authMethod === 'string' ? claudeMethods[status.authMethod] : undefined;
    return method === undefined ? { state: 'logged-in' } : { state: 'logged-in', method };
  }
  if (status.loggedIn === false) return { state: 'not-logged-in' };
  return { state: 'unknown', reason: 'claude auth status did not say whether it is logged in' };
}

/** Reads `codex login status` (pure); its answer is on stderr, after any warnings. */
export function parseCodexLoginStatus(output: string, exitCode: number): AgentCliLogin {
  const lines = output.split('\n').map((line) => line.trim());
  if (lines.some((line) => /^not logged in/i.test(line))) return { state: 'not-logged-in' };
  if (lines.some((line) => /^logged in using chatgpt/i.test(line))) return { state: 'logged-in', method: 'a ChatGPT account' };
  if (lines.some((line) => /^logged in using (an )?api key|^api key configured/i.test(line))) return { state: 'logged-in', method: 'an API key' };
  if (lines.some((line) => /^logged in/i.test(line))) return { state: 'logged-in' };
  const problem = lines.find((line) => /^error/i.test(line));
  if (problem !== undefined) return { state: 'unknown', reason: problem.includes('CODEX_HOME') ? 'its CODEX_HOME folder does not exist' : 'codex login status failed' };
  return exitCode === 0 ? { state: 'unknown', reason: 'codex login status printed something Kanbots does not understand' } : { state: 'not-logged-in' };
}

export interface CheckAgentCliLoginOptions {
  /** The executable (a path, as found by detectAgentCli). */
  executable: string;
  /** The base environment of the CLI's runs (HOME, PATH, CODEX_HOME…); model keys are removed. */
  env: Readonly<Record<string, string | undefined>>;
  /** Default 15 000 ms. */
  timeoutMs?: number;
}

interface Answer {
  stdout: string;
  stderr: string;
  exitCode: number;
  timedOut: boolean;
  spawnError?: string;
}

function ask(executable: string, args: string[], env: Record<string, string | undefined>, timeoutMs: number): Promise<Answer> {
  return new Promise((resolve) => {
    const child = execFile(executable, args, { env, timeout: timeoutMs, killSignal: 'SIGKILL', windowsHide: true, cwd: env['HOME'] ?? process.cwd() }, (error, stdout, stderr) => {
      const failure = error as (NodeJS.ErrnoException & { killed?: boolean; code?: unknown }) | null;
      const exitCode = typeof failure?.code === 'number' ? failure.code : failure === null ? 0 : 1;
      resolve({
        stdout: String(stdout),
        stderr: String(stderr),
        exitCode,
        timedOut: failure?.killed === true,
        ...(typeof failure?.code === 'string' ? { spawnError: failure.code } : {}),
      });
    });
    child.stdin?.end();
  });
}

/** The environment of the login check: the runs' base environment without model keys. */
export function loginCheckEnvironment(name: AgentCliName, env: Readonly<Record<string, string | undefined>>): Record<string, string | undefined> {
  const result: Record<string, string | undefined> = { ...env };
  for (const variable of [...secretEnvironmentVariables, 'ANTHROPIC_BASE_URL', 'OPENAI_BASE_URL']) delete result[variable];
  if (name === 'claude-code') result['CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC'] = '1';
  if (name === 'codex' && result['CODEX_HOME'] === undefined && result['HOME'] !== undefined) result['CODEX_HOME'] = path.join(result['HOME'], '.codex');
  return result;
}

export async function checkAgentCliLogin(name: AgentCliName, options: CheckAgentCliLoginOptions): Promise<AgentCliLogin> {
  const env = loginCheckEnvironment(name, options.env);
  const timeoutMs = options.timeoutMs ?? 15_000;
  if (name === 'codex') {
    const home = env['CODEX_HOME'];
    // Codex refuses to start with a CODEX_HOME that does not exist: nobody ever logged in there.
    if (home !== undefined && !(await exists(home))) return { state: 'not-logged-in' };
  }
  const answer = await ask(options.executable, name === 'claude-code' ? ['auth', 'status', '--json'] : ['login', 'status'], env, timeoutMs);
  if (answer.timedOut) return { state: 'unknown', reason: 'it did not answer in time' };
  if (answer.spawnError !== undefined) return { state: 'unknown', reason: `it could not be started (${answer.spawnError})` };
  return name === 'claude-code' ? parseClaudeAuthStatus(answer.stdout, answer.exitCode) : parseCodexLoginStatus(`${answer.stdout}\n${answer.stderr}`, answer.exitCode);
}

async function exists(directory: string): Promise<boolean> {
  try {
    await access(directory);
    return true;
  } catch {
    return false;
  }
}
