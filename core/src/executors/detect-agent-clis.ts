import { execFile } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import path from 'node:path';
import { describeCredential, type AgentCliCredential } from './agent-cli-credential.js';

export { describeCredential, type AgentCliCredential };

/**
 * Finds the agent CLIs (`claude`, `codex`) on PATH or at a configured path, asks each for its
 * version (with a timeout), and says which credential a run will use. Never reads or returns a key.
 */

export type AgentCliName = 'claude-code' | 'codex';

export interface AgentCliSpec {
  name: AgentCliName;
  /** The executable's name on PATH. */
  command: string;
  /** The npm package that installs it. */
  packageName: string;
  /** The environment variable Kanbots' key would be read from. */
  keyVariable: string;
}

export const agentCliSpecs: Record<AgentCliName, AgentCliSpec> = {
  'claude-code': { name: 'claude-code', command: 'claude', packageName: '@anthropic-ai/claude-code', keyVariable: 'ANTHROPIC_API_KEY' },
  codex: { name: 'codex', command: 'codex', packageName: '@openai/codex', keyVariable: 'OPENAI_API_KEY' },
};


export type AgentCliDetection =
  | {
      name: AgentCliName;
      installed: true;
      path: string;
      version: string;
      credential: AgentCliCredential;
      /** e.g. "Kanbots' API key" or "the CLI's own login". */
      credentialDescription: string;
    }
  | { name: AgentCliName; installed: false; message: string };

export interface DetectAgentCliOptions {
  /** A configured path to the executable; otherwise PATH is searched. */
  executablePath?: string;
  /** PATH to search (default: `process.env.PATH`). */
  searchPath?: string;
  /** Whether Kanbots holds an API key for this CLI's provider. */
  hasApiKey?: boolean;
  /** Timeout of `--version`; default 10 000 ms. */
  timeoutMs?: number;
}


/** The first executable `command` on the search path, or undefined. */
export async function findOnPath(command: string, searchPath: string): Promise<string | undefined> {
  const extensions = process.platform === 'win32' ? ['.cmd', '.exe', ''] : [''];
  for (const directory of searchPath.split(path.delimiter)) {
    if (directory === '') continue;
    for (const extension of extensions) {
      const candidate = path.join(directory, command + extension);
      try {
        await access(candidate, constants.X_OK);
        return candidate;
      } catch {
        // Not here.
      }
    }
  }
  return undefined;
}

function runVersion(executable: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(executable, ['--version'], { timeout: timeoutMs, killSignal: 'SIGKILL', windowsHide: true }, (error, stdout, stderr) => {
      if (error) reject(error);
      else resolve((stdout || stderr).trim());
    });
  });
}

/** Extracts `2.1.197` from `2.1.197 (Claude Code)` or `codex-cli 0.169.0`. */
export function parseCliVersion(output: string): string | undefined {
  return /\d+\.\d+\.\d+(?:[-+][\w.]+)?/.exec(output)?.[0];
}

export async function detectAgentCli(name: AgentCliName, options: DetectAgentCliOptions = {}): Promise<AgentCliDetection> {
  const spec = agentCliSpecs[name];
  const install = `install with: npm i -g ${spec.packageName}`;
  const executable = options.executablePath ?? (await findOnPath(spec.command, options.searchPath ?? process.env['PATH'] ?? ''));
  if (executable === undefined) return { name, installed: false, message: `${spec.command} is not installed (not found on PATH); ${install}` };
  let output: string;
  try {
    output = await runVersion(executable, options.timeoutMs ?? 10_000);
  } catch (error) {
    const reason = (error as { killed?: boolean }).killed ? 'it did not answer in time' : (error as Error).message;
    return { name, installed: false, message: `${executable} --version failed (${reason}); ${install}` };
  }
  const version = parseCliVersion(output);
  if (version === undefined) return { name, installed: false, message: `${executable} --version printed no version ("${output.slice(0, 80)}"); ${install}` };
  return { name, installed: true, path: executable, version, ...describeCredential(options.hasApiKey ?? false) };
}

export async function detectAgentClis(options: Partial<Record<AgentCliName, DetectAgentCliOptions>> = {}): Promise<AgentCliDetection[]> {
  return Promise.all((Object.keys(agentCliSpecs) as AgentCliName[]).map((name) => detectAgentCli(name, options[name] ?? {})));
}
