import { ConfigurationError, KanbotsError } from '../errors.js';
import { detectAgentCli, findOnPath, agentCliSpecs, type AgentCliName } from '../executors/detect-agent-clis.js';
import { agentCliLoginCommands, checkAgentCliLogin } from '../executors/agent-cli-login.js';
import { nearbyNames } from '../git/nearby-names.js';
import type { ModelListing } from '../settings/list-provider-models.js';
import { CliExecutors, type CliExecutorsOptions } from './cli-executors.js';
import { detectAcpAgent } from '../executors/acp/detect-acp-agents.js';
import { acpAgentNameOf } from '../settings/model-choice.js';
import { systemClock } from '../ports/clock.js';
import { slotLabel, type ChoiceGroup } from './preflight-agents.js';
import type { PreflightProblem, SettingsTarget } from './preflight-problem.js';
import type { ResolvedModel } from './run-manager-options.js';

/**
 * The model part of the check before a run: for each distinct model choice of its agents, the
 * provider is on, has a key (or needs none) that may go to its base URL, and lists the model when
 * it can be asked; for each agent CLI, it is installed (with its version) and logged in — unless
 * Kanbots gives it a key.
 */

/** What a host knows about a provider of its settings (never the key itself). */
export interface ProviderFacts {
  /** `Anthropic`, `OpenAI`, `OpenAI-compatible`. */
  label: string;
  /** The settings name (`anthropic`…), for Settings targets. */
  settingsName: 'anthropic' | 'openai' | 'compatible';
  enabled: boolean;
  key: 'set' | 'missing' | 'not-needed';
  /** The environment variable that also holds the key (`ANTHROPIC_API_KEY`). */
  keyVariable?: string;
  /** A compatible server without a base URL. */
  baseURLMissing: boolean;
  /** Why the stored key may not go to the configured base URL, in words. */
  keyDestinationProblem?: string;
  /** Asks the provider which models it lists (with the key); absent: it cannot be asked. */
  listModels?: () => Promise<ModelListing>;
}

/** Facts about a provider by its name (`anthropic`); undefined for one the host does not know (nothing to check). */
export type ProviderFactsSource = (provider: string) => Promise<ProviderFacts | undefined>;

export interface ModelCheckDependencies {
  resolveModel(choice: string | undefined): ResolvedModel;
  providerFacts?: ProviderFactsSource;
  executors?: CliExecutorsOptions;
}

const cliLabels: Record<AgentCliName, string> = { 'claude-code': 'Claude Code', codex: 'Codex' };

function who(group: ChoiceGroup): { roles: string[]; words: string } {
  const labels = [...new Set(group.slots.map(slotLabel))];
  const roles = [...new Set(group.slots.map((slot) => slot.role))];
  const words = labels.length <= 1 ? `the ${labels[0] ?? 'agent'}` : `the ${labels.slice(0, -1).join(', ')} and ${labels.at(-1)}`;
  return { roles, words };
}

function settingsFix(target: SettingsTarget, label: string): PreflightProblem['fix'] {
  return { kind: 'settings', target, label };
}

export async function checkModelGroup(group: ChoiceGroup, dependencies: ModelCheckDependencies): Promise<PreflightProblem[]> {
  if (group.cli !== undefined) {
    const acpName = acpAgentNameOf(group.cli.kind);
    if (acpName !== undefined) return checkAcpGroup(group, acpName, dependencies.executors);
    return checkCliGroup(group, group.cli.kind as AgentCliName, dependencies.executors);
  }
  const { roles, words } = who(group);
  let resolved: ResolvedModel;
  try {
    resolved = dependencies.resolveModel(group.choice);
  } catch (error) {
    if (!(error instanceof KanbotsError)) throw error;
    const setting = error.details?.['setting'];
    if (error instanceof ConfigurationError && typeof setting === 'string' && setting.endsWith('.defaultModel')) {
      const provider = setting.split('.')[1] as 'anthropic' | 'openai' | 'compatible';
      return [{ code: 'model_not_chosen', field: 'model', roles, message: `No model is chosen for ${words}: type one in the Model field, or set a default model in Settings.`, fix: settingsFix(`providers.${provider}.defaultModel`, 'Set a default model in Settings') }];
    }
    return [{ code: 'provider_not_configured', field: 'provider', roles, message: `${words[0]!.toUpperCase()}${words.slice(1)} cannot use this model: ${error.message}` }];
  }
  const facts = await dependencies.providerFacts?.(resolved.provider);
  if (facts === undefined) return [];
  const provider = facts.settingsName;
  if (!facts.enabled) {
    return [{ code: 'provider_disabled', field: 'provider', roles, message: `The ${facts.label} provider is turned off in Settings, and ${words} would use it.`, fix: settingsFix(`providers.${provider}.enabled`, `Turn ${facts.label} on in Settings`) }];
  }
  if (facts.baseURLMissing) {
    return [{ code: 'provider_no_base_url', field: 'provider', roles, message: `${facts.label} needs the address of your server (its base URL) before ${words} can use it.`, fix: settingsFix(`providers.${provider}.baseURL`, 'Set the base URL in Settings') }];
  }
  if (facts.key === 'missing') {
    const variable = facts.keyVariable === undefined ? '' : `, or set ${facts.keyVariable} before starting Kanbots`;
    return [{ code: 'provider_no_key', field: 'provider', roles, message: `There is no ${facts.label} API key yet, and ${words} would use ${facts.label}. Add the key in Settings${variable}.`, fix: settingsFix(`providers.${provider}.apiKey`, `Add the ${facts.label} key in Settings`) }];
  }
  if (facts.keyDestinationProblem !== undefined) {
    return [{ code: 'provider_key_destination', field: 'provider', roles, message: facts.keyDestinationProblem, fix: settingsFix(`providers.${provider}.apiKey`, `Enter the ${facts.label} key again in Settings`) }];
  }
  if (facts.listModels === undefined) return [];
  const listing = await facts.listModels();
  if (!listing.ok) {
    if (listing.kind !== 'auth') return [];
    return [{ code: 'provider_key_refused', field: 'provider', roles, message: `${facts.label} refused the key${listing.status === undefined ? '' : ` (HTTP ${listing.status})`}. Check it in Settings.`, fix: settingsFix(`providers.${provider}.apiKey`, `Check the ${facts.label} key in Settings`) }];
  }
  if (listing.models.length === 0 || listing.models.includes(resolved.modelName)) return [];
  const close = nearbyNames(resolved.modelName, listing.models);
  const options = [...close, ...listing.models.filter((name) => !close.includes(name))].slice(0, 20);
  return [
    {
      code: 'model_not_listed',
      field: 'model',
      roles,
      message: `${facts.label} does not offer a model named "${resolved.modelName}" (for ${words}).${close.length > 0 ? ` Did you mean ${close.slice(0, 3).map((name) => `"${name}"`).join(' or ')}?` : ''}`,
      fix: { kind: 'choose', label: `Choose a model ${facts.label} offers`, options },
    },
  ];
}

async function checkCliGroup(group: ChoiceGroup, name: AgentCliName, executors: CliExecutorsOptions | undefined): Promise<PreflightProblem[]> {
  const { roles, words } = who(group);
  const label = cliLabels[name];
  const spec = agentCliSpecs[name];
  const cliOptions = name === 'claude-code' ? executors?.claudeCode : executors?.codex;
  const env = executors?.env ?? process.env;
  const command = cliOptions?.command ?? spec.command;
  const executablePath = command.includes('/') || command.includes('\\') ? command : await findOnPath(command, env['PATH'] ?? '');
  const detected = executablePath === undefined ? { installed: false as const } : await detectAgentCli(name, { executablePath });
  if (!detected.installed) {
    return [
      {
        code: 'cli_not_installed',
        field: 'provider',
        roles,
        message: `${label} is not installed on this computer (${words} would run it). Install it, then check again.`,
        fix: { kind: 'command', label: `Copy the command that installs ${label}`, command: `npm install -g ${spec.packageName}` },
      },
    ];
  }
  const kanbotsCredential = cliOptions?.apiKey !== undefined || (name === 'codex' && executors?.codex?.baseUrl !== undefined);
  if (kanbotsCredential) return [];
  const login = await checkAgentCliLogin(name, { executable: detected.path, env });
  if (login.state !== 'not-logged-in') return [];
  return [
    {
      code: 'cli_not_logged_in',
      field: 'provider',
      roles,
      message: `${label} ${detected.version} is installed but not logged in (${words} would run it). Log in once in a terminal, then check again.`,
      fix: { kind: 'command', label: `Copy the command that logs ${label} in`, command: agentCliLoginCommands[name] },
    },
  ];
}

/**
 * An ACP agent: known to the registry, installed (found, on a Node it accepts) and answering the
 * ACP handshake, as a run would start it.
 */
async function checkAcpGroup(group: ChoiceGroup, name: string, executors: CliExecutorsOptions | undefined): Promise<PreflightProblem[]> {
  const { roles, words } = who(group);
  const known = new CliExecutors(executors ?? {}, '.', systemClock);
  let definition;
  try {
    definition = known.registry.get(name);
  } catch (error) {
    if (!(error instanceof KanbotsError)) throw error;
    return [{ code: 'cli_not_installed', field: 'provider', roles, message: `There is no agent named "${name}" (${words} would run it). Known agents: ${known.registry.names().join(', ')}.` }];
  }
  const override = executors?.acp?.commands?.[name];
  const connection = known.acpConnection(name);
  const detected = await detectAcpAgent(
    // A command of its own (an adapter with the Node to run it) is not checked against the node on PATH.
    override === undefined ? definition : { ...definition, command: override.command, args: override.args ?? [], minimumNodeMajor: undefined },
    { env: executors?.env ?? process.env, hasApiKey: connection.apiKey !== undefined },
  );
  if (detected.installed) return [];
  return [
    {
      code: 'cli_not_installed',
      field: 'provider',
      roles,
      message: `${definition.label} cannot run here (${words} would run it): ${detected.problem}`,
      fix: { kind: 'command', label: `Copy the command that installs ${definition.label}`, command: definition.installCommand },
    },
  ];
}
