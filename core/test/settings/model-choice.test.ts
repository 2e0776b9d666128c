import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../src/settings/settings.js';
import { formatModelChoice, modelChoiceSchema, parseModelChoice, resolveModelChoice, type ModelChoice } from '../../src/settings/model-choice.js';
import { ConfigurationError } from '../../src/errors.js';

/** The model choice: a typed value, read from and written to its one text form by one codec. */

describe('model choices', () => {
  it('reads every written form as a typed choice', () => {
    expect(parseModelChoice('openai:gpt-5')).toEqual({ kind: 'api', provider: 'openai', model: 'gpt-5' });
    expect(parseModelChoice('compatible:llama:7b')).toEqual({ kind: 'api', provider: 'compatible', model: 'llama:7b' });
    expect(parseModelChoice('anthropic:')).toEqual({ kind: 'api', provider: 'anthropic' });
    expect(parseModelChoice('claude-code')).toEqual({ kind: 'cli', agent: 'claude-code' });
    expect(parseModelChoice(' codex:o4-mini ')).toEqual({ kind: 'cli', agent: 'codex', model: 'o4-mini' });
    expect(parseModelChoice('gpt-5', 'openai')).toEqual({ kind: 'api', provider: 'openai', model: 'gpt-5' });
    expect(parseModelChoice(undefined, 'anthropic')).toEqual({ kind: 'api', provider: 'anthropic' });
    // A bare name with no default provider names no provider.
    expect(parseModelChoice('gpt-5')).toBeUndefined();
    expect(parseModelChoice('mistral:large', 'openai')).toEqual({ kind: 'api', provider: 'openai', model: 'mistral:large' });
  });

  it('reads an agent of the ACP registry as acp:<agent>[:model]', () => {
    expect(parseModelChoice('acp:claude-code-acp')).toEqual({ kind: 'cli', agent: 'acp:claude-code-acp' });
    expect(parseModelChoice('acp:codex-acp:gpt-5.5')).toEqual({ kind: 'cli', agent: 'acp:codex-acp', model: 'gpt-5.5' });
    expect(parseModelChoice('acp:my-agent:org:model')).toEqual({ kind: 'cli', agent: 'acp:my-agent', model: 'org:model' });
    expect(formatModelChoice({ kind: 'cli', agent: 'acp:codex-acp', model: 'gpt-5.5' })).toBe('acp:codex-acp:gpt-5.5');
    // A name no agent can have is not an agent choice.
    expect(parseModelChoice('acp:Not An Agent')).toBeUndefined();
    expect(modelChoiceSchema.safeParse({ kind: 'cli', agent: 'acp:' }).success).toBe(false);
  });

  it('writes each choice so that it reads back the same', () => {
    const choices: ModelChoice[] = [
      { kind: 'api', provider: 'openai', model: 'gpt-5' },
      { kind: 'api', provider: 'anthropic' },
      { kind: 'cli', agent: 'claude-code' },
      { kind: 'cli', agent: 'codex', model: 'o4-mini' },
      { kind: 'cli', agent: 'acp:gemini' },
      { kind: 'cli', agent: 'acp:codex-acp', model: 'gpt-5.5' },
    ];
    for (const choice of choices) {
      expect(modelChoiceSchema.parse(choice)).toEqual(choice);
      expect(parseModelChoice(formatModelChoice(choice), 'compatible')).toEqual(choice);
    }
    expect(choices.map(formatModelChoice)).toEqual(['openai:gpt-5', 'anthropic:', 'claude-code', 'codex:o4-mini', 'acp:gemini', 'acp:codex-acp:gpt-5.5']);
  });

  it('resolves a built-in choice against the settings, and refuses an agent CLI as a provider model', () => {
    const settings = defaultSettings();
    expect(resolveModelChoice(settings, 'gpt-4.1')).toEqual({ provider: 'anthropic', model: 'gpt-4.1' });
    expect(resolveModelChoice(settings, 'openai:')).toEqual({ provider: 'openai', model: 'gpt-5' });
    expect(resolveModelChoice(settings, { kind: 'api', provider: 'anthropic' })).toEqual({ provider: 'anthropic', model: 'claude-sonnet-4-6' });
    expect(() => resolveModelChoice(settings, 'compatible:')).toThrow(ConfigurationError);
    expect(() => resolveModelChoice(settings, 'codex')).toThrow(/agent CLI/);
  });
});
