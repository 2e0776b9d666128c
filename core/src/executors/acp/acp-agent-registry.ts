import { z } from 'zod';
import { ConfigurationError, validationErrorFrom } from '../../errors.js';
import type { AcpAgentCommand } from './acp-agent-command.js';

/**
 * The agents Kanbots can run over ACP: the built-in definitions (Claude Code and Codex through
 * their maintained adapters, Gemini CLI and OpenCode natively) and the user's own
 * `{ name, command, args, env }`. One registry that detection, Settings, the check before a run
 * and the run layer read; adding an agent is one definition, not edits across the code.
 */

export interface AcpAgentDefinition extends AcpAgentCommand {
  /** What people read: `Claude Code`, `Gemini CLI`. */
  label: string;
  /** How to install it, shown in Settings and in the check before a run. */
  installCommand: string;
  /** The lowest Node major version the agent runs on (npm-installed adapters), when it has one. */
  minimumNodeMajor?: number;
  /** The environment variable its API key is read from, when it takes one. */
  keyVariable?: string;
  /** True for the user's own definitions. */
  userDefined?: boolean;
}

export const builtInAcpAgents: readonly AcpAgentDefinition[] = [
  {
    name: 'claude-code-acp',
    label: 'Claude Code',
    command: 'claude-agent-acp',
    // 0.49 is the newest release that accepts Node 20; later ones declare Node 22.
    installCommand: 'npm install -g @agentclientprotocol/claude-agent-acp',
    minimumNodeMajor: 20,
    keyVariable: 'ANTHROPIC_API_KEY',
  },
  {
    name: 'codex-acp',
    label: 'Codex',
    command: 'codex-acp',
    installCommand: 'npm install -g @agentclientprotocol/codex-acp',
    minimumNodeMajor: 20,
    keyVariable: 'OPENAI_API_KEY',
  },
  { name: 'gemini', label: 'Gemini CLI', command: 'gemini', args: ['--acp'], installCommand: 'npm install -g @google/gemini-cli', minimumNodeMajor: 20, keyVariable: 'GEMINI_API_KEY' },
  { name: 'opencode', label: 'OpenCode', command: 'opencode', args: ['acp'], installCommand: 'npm install -g opencode-ai' },
];

/** A user's own ACP agent as written in settings. */
export const userAcpAgentSchema = z.strictObject({
  name: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'lower-case letters, digits and dashes, at most 40')
    .describe('Stable name, e.g. "my-agent"'),
  label: z.string().trim().min(1).max(80).optional(),
  command: z.string().trim().min(1).max(1000),
  args: z.array(z.string().max(1000)).max(50).optional(),
  env: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.string().max(10_000)).optional(),
});
export type UserAcpAgent = z.infer<typeof userAcpAgentSchema>;

export class AcpAgentRegistry {
  private readonly agents = new Map<string, AcpAgentDefinition>();

  constructor(userAgents: readonly unknown[] = [], builtIns: readonly AcpAgentDefinition[] = builtInAcpAgents) {
    for (const agent of builtIns) this.agents.set(agent.name, agent);
    for (const raw of userAgents) this.register(raw);
  }

  /** Adds a user's agent; a bad definition or a name already taken is a ConfigurationError and changes nothing. */
  register(raw: unknown): AcpAgentDefinition {
    const parsed = userAcpAgentSchema.safeParse(raw);
    if (!parsed.success) throw validationErrorFrom('ACP agent definition', parsed.error);
    const user = parsed.data;
    if (this.agents.has(user.name)) {
      throw new ConfigurationError(`There is already an agent named "${user.name}"; give yours another name`, { details: { name: user.name } });
    }
    const definition: AcpAgentDefinition = {
      name: user.name,
      label: user.label ?? user.name,
      command: user.command,
      installCommand: `Install ${user.command} yourself (it is your own agent)`,
      userDefined: true,
      ...(user.args === undefined ? {} : { args: user.args }),
      ...(user.env === undefined ? {} : { env: user.env }),
    };
    this.agents.set(definition.name, definition);
    return definition;
  }

  get(name: string): AcpAgentDefinition {
    const agent = this.agents.get(name);
    if (agent === undefined) {
      throw new ConfigurationError(`No ACP agent named "${name}" (known: ${this.names().join(', ')})`, { details: { name, known: this.names() } });
    }
    return agent;
  }

  has(name: string): boolean {
    return this.agents.has(name);
  }

  names(): string[] {
    return [...this.agents.keys()];
  }

  list(): AcpAgentDefinition[] {
    return [...this.agents.values()];
  }
}
