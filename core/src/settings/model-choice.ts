import { z } from 'zod';
import { ConfigurationError } from '../errors.js';
import { providerNameSchema, type ProviderName, type Settings } from './settings.js';

/**
 * Which model an agent uses, as a typed value: a provider's model through its API, or an agent
 * CLI (Claude Code, Codex) with its own model. The written form — in persona files, run options
 * and agent records — is `provider:model` (`openai:gpt-5`), `claude-code[:model]` /
 * `codex[:model]`, `acp:<agent>[:model]` (an agent of the ACP registry), or a bare model name for the default provider. This file is the one place that
 * reads and writes it (pure, browser-safe: the UI uses it through `@kanbots/core/protocol`).
 */

/** The one-shot agent CLIs Kanbots drives itself (`claude -p`, `codex exec`). */
export const cliAgentKinds = ['claude-code', 'codex'] as const;
/** An agent of the ACP registry, by its name (`codex-acp`, `gemini`, a user's own). */
export const acpAgentNameSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'lower-case letters, digits and dashes, at most 40');
/** `acp:<agent name>`: an agent that speaks the Agent Client Protocol, run by the ACP executor. */
export type AcpAgentKind = `acp:${string}`;
export const acpAgentKindSchema = z.templateLiteral(['acp:', acpAgentNameSchema]);
export const cliAgentKindSchema = z.union([z.enum(cliAgentKinds), acpAgentKindSchema]);
/** An agent CLI: a one-shot CLI or an ACP agent (`acp:<name>`). */
export type CliAgentKind = (typeof cliAgentKinds)[number] | AcpAgentKind;

/** The ACP agent's name of `acp:<name>`, else undefined. */
export function acpAgentNameOf(kind: string): string | undefined {
  return kind.startsWith('acp:') ? kind.slice('acp:'.length) : undefined;
}

const modelName = z.string().trim().min(1);

export const modelChoiceSchema = z.discriminatedUnion('kind', [
  /** `model` undefined: the provider's default model (settings `providers.<name>.defaultModel`). */
  z.strictObject({ kind: z.literal('api'), provider: providerNameSchema, model: modelName.optional() }),
  /** `model` undefined: the CLI's own default. */
  z.strictObject({ kind: z.literal('cli'), agent: cliAgentKindSchema, model: modelName.optional() }),
]);
export type ModelChoice = z.infer<typeof modelChoiceSchema>;
export type ApiModelChoice = Extract<ModelChoice, { kind: 'api' }>;
export type CliModelChoice = Extract<ModelChoice, { kind: 'cli' }>;

/**
 * Reads a written choice. A bare model name (or nothing) is the default provider's; without a
 * default provider it gives undefined (the caller says which provider is missing).
 */
export function parseModelChoice(text: string | undefined, defaultProvider?: ProviderName): ModelChoice | undefined {
  const trimmed = (text ?? '').trim();
  const separator = trimmed.indexOf(':');
  const prefix = separator < 0 ? trimmed : trimmed.slice(0, separator);
  const rest = separator < 0 ? '' : trimmed.slice(separator + 1).trim();
  if (prefix === 'acp') {
    // `acp:<agent>[:<model>]`; an agent name that is not one stays unparsed (the caller says so).
    const inner = rest.indexOf(':');
    const name = inner < 0 ? rest : rest.slice(0, inner).trim();
    const model = inner < 0 ? '' : rest.slice(inner + 1).trim();
    const agent = acpAgentKindSchema.safeParse(`acp:${name}`);
    if (agent.success) return model === '' ? { kind: 'cli', agent: agent.data } : { kind: 'cli', agent: agent.data, model };
  }
  const cli = z.enum(cliAgentKinds).safeParse(prefix);
  if (cli.success) return rest === '' ? { kind: 'cli', agent: cli.data } : { kind: 'cli', agent: cli.data, model: rest };
  const provider = separator > 0 ? providerNameSchema.safeParse(prefix) : undefined;
  if (provider?.success === true) return rest === '' ? { kind: 'api', provider: provider.data } : { kind: 'api', provider: provider.data, model: rest };
  if (defaultProvider === undefined) return undefined;
  return trimmed === '' ? { kind: 'api', provider: defaultProvider } : { kind: 'api', provider: defaultProvider, model: trimmed };
}

/**
 * The written form of a choice, read back by `parseModelChoice` as the same choice: `openai:gpt-5`,
 * `openai:` (the provider's default model; a bare `openai` would be a model name), `codex:o4`,
 * `claude-code`.
 */
export function formatModelChoice(choice: ModelChoice): string {
  if (choice.kind === 'api') return `${choice.provider}:${choice.model ?? ''}`;
  return choice.model === undefined ? choice.agent : `${choice.agent}:${choice.model}`;
}

/** A provider and one of its models, the default filled in from the settings. */
export interface ResolvedModelChoice {
  provider: ProviderName;
  model: string;
}

/**
 * Resolves a choice of a built-in agent against the settings: the default provider for a bare
 * name, the provider's default model when none is named. An agent CLI is not a provider's model.
 */
export function resolveModelChoice(settings: Settings, choice?: string | ApiModelChoice): ResolvedModelChoice {
  const parsed = typeof choice === 'object' ? choice : parseModelChoice(choice, settings.defaults.provider)!;
  if (parsed.kind === 'cli') {
    throw new ConfigurationError(`"${formatModelChoice(parsed)}" is an agent CLI, not a model of a provider`, { details: { choice: formatModelChoice(parsed) } });
  }
  if (parsed.model !== undefined) return { provider: parsed.provider, model: parsed.model };
  const fallback = settings.providers[parsed.provider].defaultModel;
  if (fallback === undefined) {
    throw new ConfigurationError(`No model chosen for the ${parsed.provider} provider (setting providers.${parsed.provider}.defaultModel)`, {
      details: { provider: parsed.provider, setting: `providers.${parsed.provider}.defaultModel` },
    });
  }
  return { provider: parsed.provider, model: fallback };
}
