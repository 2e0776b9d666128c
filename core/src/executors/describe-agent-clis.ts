import { agentCliLoginCommands, checkAgentCliLogin } from './agent-cli-login.js';
import { agentCliLabels, type AgentCliStatus } from './agent-cli-status.js';
import { agentCliSpecs, detectAgentCli, findOnPath, type AgentCliName } from './detect-agent-clis.js';

/**
 * Every supported agent CLI as Settings' "Agents" section shows it: found on PATH (or at its
 * configured command) or not, its version, its login state (`claude auth status`, `codex login
 * status`, with the environment runs get), and the commands that install it and log it in.
 */

export interface DescribeAgentClisOptions {
  /** The base environment of the CLIs' runs (PATH, HOME, CODEX_HOME). Default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** A configured command per CLI (a name on PATH or a path); default `claude`, `codex`. */
  commands?: Partial<Record<AgentCliName, string>>;
}

export async function describeAgentCli(name: AgentCliName, options: DescribeAgentClisOptions = {}): Promise<AgentCliStatus> {
  const env = options.env ?? process.env;
  const spec = agentCliSpecs[name];
  const base = { name, label: agentCliLabels[name], installCommand: `npm install -g ${spec.packageName}`, loginCommand: agentCliLoginCommands[name] };
  const command = options.commands?.[name] ?? spec.command;
  const executable = command.includes('/') || command.includes('\\') ? command : await findOnPath(command, env['PATH'] ?? '');
  if (executable === undefined) return { ...base, installed: false, problem: `${command} was not found on this computer.` };
  const detected = await detectAgentCli(name, { executablePath: executable });
  if (!detected.installed) return { ...base, installed: false, problem: `${command} was found but did not say its version.` };
  const login = await checkAgentCliLogin(name, { executable: detected.path, env });
  return {
    ...base,
    installed: true,
    version: detected.version,
    login: login.state,
    ...(login.method === undefined ? {} : { loginMethod: login.method }),
    ...(login.reason === undefined ? {} : { problem: `Could not tell whether it is logged in: ${login.reason}.` }),
  };
}

export function describeAgentClis(options: DescribeAgentClisOptions = {}): Promise<AgentCliStatus[]> {
  return Promise.all((Object.keys(agentCliSpecs) as AgentCliName[]).map((name) => describeAgentCli(name, options)));
}
