import { describe, expect, it } from 'vitest';
import { protocolCommands } from '../../src/protocol/commands.js';
import { settingsPatchSchema } from '../../src/settings/settings-patch.js';

/** `settings.update`'s patch: a deep partial of the settings, checked by the schema the protocol uses. */

const updateArgs = protocolCommands['settings.update'].args;
const issuesOf = (patch: unknown): string[] => {
  const parsed = updateArgs.safeParse({ patch });
  return parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
};

describe('the settings.update patch', () => {
  it('takes any part of the settings, nested, with null removing a value', () => {
    const patch = { providers: { openai: { baseURL: null, api: 'chat' } }, limits: { perProvider: { openai: 2, anthropic: null } }, toolPolicy: { rules: { run_command: 'deny' } } };
    expect(settingsPatchSchema.parse(patch)).toEqual(patch);
    expect(issuesOf({})).toEqual([]);
  });

  it('refuses what the settings would refuse, saying where', () => {
    expect(issuesOf({ limits: { global: 0 } })).toEqual([expect.stringMatching(/^patch\.limits\.global: /)]);
    expect(issuesOf({ defaults: { workflow: 'Free style!' } })).toEqual([expect.stringMatching(/^patch\.defaults\.workflow: /)]);
    expect(issuesOf({ colour: 'blue' })).toEqual([expect.stringMatching(/^patch: Unrecognized key/)]);
    expect(issuesOf('everything')).toHaveLength(1);
  });

  it('refuses a key put where a setting goes, naming where keys go and never echoing it', () => {
    const issues = issuesOf({ providers: { anthropic: { apiKey: 'sk-ant-should-never-be-echoed-000' } } });
    expect(issues).toEqual(['patch.providers.anthropic: API keys are not settings; store them with secrets.set']);
    expect(issues.join()).not.toContain('sk-ant-should-never-be-echoed');
  });
});
