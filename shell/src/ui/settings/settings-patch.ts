import type { SettingsPatch } from '@kanbots/core/protocol';
import { PROVIDER_NAMES } from './settings-messages.js';

/**
 * The `settings.update` patch from the settings form: every field it shows, typed. An empty base
 * URL or model is sent as `null` (a merge patch: remove the value, so the default applies).
 * Key fields are not part of it (they go through `secrets.set`). The form's text is not checked
 * here: the host checks the patch with `settingsPatchSchema` and says what it refused.
 */
export function settingsPatchFromForm(data: FormData): SettingsPatch {
  const text = (name: string): string => String(data.get(name) ?? '').trim();
  const optional = (name: string): string | null => text(name) || null;
  const integer = (name: string): number | undefined => {
    const value = Number(text(name));
    return Number.isInteger(value) && value > 0 ? value : undefined;
  };
  const defined = (record: Record<string, unknown>): Record<string, unknown> =>
    Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
  const providers: Record<string, unknown> = {};
  for (const provider of PROVIDER_NAMES) {
    providers[provider] = {
      enabled: data.get(`${provider}.enabled`) !== null,
      baseURL: optional(`${provider}.baseURL`),
      ...(provider === 'compatible' || text(`${provider}.defaultModel`) ? { defaultModel: optional(`${provider}.defaultModel`) } : {}),
      ...(provider === 'openai' ? { api: text('openai.api') || 'responses' } : {}),
    };
  }
  const patch = {
    providers,
    defaults: defined({
      provider: text('defaults.provider') || undefined,
      workflow: text('defaults.workflow') || undefined,
      maxReviewRounds: integer('defaults.maxReviewRounds'),
      bestOfN: integer('defaults.bestOfN'),
    }),
    limits: defined({ global: integer('limits.global') }),
    toolPolicy: defined({ default: text('toolPolicy.default') || undefined }),
    notifications: { needsYou: data.get('notifications.needsYou') !== null, finished: data.get('notifications.finished') !== null },
    // An empty remote keeps the stored one; an empty API address means github.com's own.
    ...(data.has('github.remote') ? { github: { ...defined({ remote: text('github.remote') || undefined }), apiBaseUrl: optional('github.apiBaseUrl') } } : {}),
  };
  return patch as SettingsPatch;
}
