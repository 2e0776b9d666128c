import { parseModelChoice, type AgentView } from '@kanbots/core/protocol';

/**
 * What the agent card says of an agent's model, read with core's model-choice codec (the agent's
 * record writes `openai:gpt-5`, `claude-code:sonnet`, `codex`): the model's name, or which default
 * it uses; the provider or CLI goes in the longer description.
 */
export function modelLabel(agent: Pick<AgentView, 'model'>): string {
  const choice = parseModelChoice(agent.model);
  if (choice === undefined) return agent.model;
  if (choice.model !== undefined) return choice.model;
  return choice.kind === 'cli' ? "the CLI's default model" : "the provider's default model";
}

export function modelDescription(agent: Pick<AgentView, 'model' | 'provider' | 'credential'>): string {
  return `${agent.provider} · ${modelLabel(agent)}${agent.credential ? ` · uses ${agent.credential}` : ''}`;
}
