import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors.js';
import { mergeSettingsPatch } from '../../src/settings/merge-settings-patch.js';
import { resolveModelChoice } from '../../src/settings/model-choice.js';
import { defaultSettings, settingsSchema } from '../../src/settings/settings.js';

describe('settings defaults', () => {
  it('makes complete settings out of an empty object', () => {
    expect(settingsSchema.parse({})).toEqual({
      providers: {
        anthropic: { enabled: true, defaultModel: 'claude-sonnet-4-6' },
        openai: { enabled: true, api: 'responses', defaultModel: 'gpt-5' },
        compatible: { enabled: false },
      },
      defaults: {
        provider: 'anthropic',
        workflow: 'dev-review',
        maxReviewRounds: 3,
        bestOfN: 3,
        personas: { developer: 'developer', reviewer: 'reviewer', tester: 'tester', planner: 'planner', judge: 'judge' },
      },
      limits: { global: 4, perProvider: {} },
      toolPolicy: { default: 'allow', rules: { run_command: 'ask' } },
      columns: { running: 'In progress', gate: 'Review', merged: 'Done' },
      git: { runUserHooksOnMerge: false },
      github: { remote: 'origin' },
      notifications: { needsYou: true, finished: true },
    });
  });

  it('fills in what a partial object leaves out', () => {
    const settings = settingsSchema.parse({ providers: { compatible: { enabled: true, baseURL: 'http://127.0.0.1:8080/v1' } }, limits: { global: 2 } });
    expect(settings.providers.compatible).toEqual({ enabled: true, baseURL: 'http://127.0.0.1:8080/v1' });
    expect(settings.providers.anthropic.enabled).toBe(true);
    expect(settings.limits).toEqual({ global: 2, perProvider: {} });
  });

  it.each([
    ['an unknown key', { providers: { anthropic: { apiKey: 'sk-ant-1234567890' } } }],
    ['a base URL that is not http(s)', { providers: { openai: { baseURL: 'file:///etc/passwd' } } }],
    // Which workflows exist is the registry's to say (embedders add their own); the settings refuse what is not a workflow id.
    ['a workflow name that is not an id', { defaults: { workflow: 'Chaos mode!' } }],
    ['a limit below one', { limits: { global: 0 } }],
    ['a fractional limit', { limits: { perProvider: { anthropic: 1.5 } } }],
    ['an unknown tool decision', { toolPolicy: { rules: { run_command: 'maybe' } } }],
    ['an empty column title', { columns: { gate: ' ' } }],
  ])('refuses %s', (_what, input) => {
    expect(settingsSchema.safeParse(input).success).toBe(false);
  });
});

describe('settings patches', () => {
  it('merges objects deeply and replaces everything else', () => {
    const merged = mergeSettingsPatch(defaultSettings(), { toolPolicy: { rules: { write_file: 'deny' } }, defaults: { bestOfN: 4 } });
    expect(settingsSchema.parse(merged).toolPolicy.rules).toEqual({ run_command: 'ask', write_file: 'deny' });
    expect(settingsSchema.parse(merged).defaults.bestOfN).toBe(4);
    expect(settingsSchema.parse(merged).defaults.workflow).toBe('dev-review');
  });

  it('removes a key given null, so its default applies again', () => {
    const withURL = settingsSchema.parse(mergeSettingsPatch(defaultSettings(), { providers: { anthropic: { baseURL: 'http://127.0.0.1:1/' } } }));
    expect(withURL.providers.anthropic.baseURL).toBe('http://127.0.0.1:1/');
    const cleared = settingsSchema.parse(mergeSettingsPatch(withURL, { providers: { anthropic: { baseURL: null } }, columns: { gate: null } }));
    expect(cleared.providers.anthropic.baseURL).toBeUndefined();
    expect(cleared.columns.gate).toBe('Review');
  });

  it('does not change its inputs', () => {
    const current = defaultSettings();
    const before = JSON.stringify(current);
    mergeSettingsPatch(current, { limits: { global: 9 } });
    expect(JSON.stringify(current)).toBe(before);
  });

  it.each([
    ['not an object', 'limits'],
    ['an array', [1]],
    ['a prototype key', JSON.parse('{"__proto__": {"polluted": true}}')],
    ['an API key', { providers: { openai: { api_key: 'sk-proj-abcdefghijklmnopqrstuvwxyz' } } }],
  ])('refuses a patch that is %s, with a message that does not repeat values', (_what, patch) => {
    let thrown: unknown;
    try {
      mergeSettingsPatch(defaultSettings(), patch);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ValidationError);
    expect((thrown as Error).message).not.toContain('sk-proj');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('lets tool rules and provider limits use any name', () => {
    const merged = settingsSchema.parse(mergeSettingsPatch(defaultSettings(), { toolPolicy: { rules: { fetch_token: 'deny' } } }));
    expect(merged.toolPolicy.rules.fetch_token).toBe('deny');
  });
});

describe('model choice', () => {
  const settings = settingsSchema.parse({ providers: { compatible: { enabled: true, baseURL: 'http://127.0.0.1:9/v1' } } });

  it('reads provider:model, a bare model, or nothing', () => {
    expect(resolveModelChoice(settings, 'openai:gpt-5-mini')).toEqual({ provider: 'openai', model: 'gpt-5-mini' });
    expect(resolveModelChoice(settings, 'claude-opus-4-7')).toEqual({ provider: 'anthropic', model: 'claude-opus-4-7' });
    expect(resolveModelChoice(settings)).toEqual({ provider: 'anthropic', model: 'claude-sonnet-4-6' });
    expect(resolveModelChoice(settings, 'openai:')).toEqual({ provider: 'openai', model: 'gpt-5' });
    expect(resolveModelChoice(settings, 'llama3:8b')).toEqual({ provider: 'anthropic', model: 'llama3:8b' });
  });

  it('says which setting is missing when a compatible server has no default model', () => {
    expect(() => resolveModelChoice(settings, 'compatible:')).toThrow(/providers\.compatible\.defaultModel/);
  });
});
