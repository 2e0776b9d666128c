import { For, Show, createEffect, onMount, type Component, type JSX } from 'solid-js';
import { workflowLabel } from '../runs/run-messages.js';
import { SecretField } from './secret-field.js';
import { AgentsSection } from './agents-section.js';
import { GitHubSection } from './github-section.js';
import type { AgentCliStatus, CommandResultOf, ProviderName, SecretName, SettingsPatch, SettingsTarget, SettingsView, WorkflowView } from '@kanbots/core/protocol';
import { PROVIDER_LABELS, PROVIDER_NAMES, SECRET_OF_PROVIDER } from './settings-messages.js';
import { settingsPatchFromForm } from './settings-patch.js';

export interface SettingsPanelProps {
  view: SettingsView | undefined;
  save: (patch: SettingsPatch) => Promise<boolean>;
  saveSecret: (name: SecretName, value: string) => Promise<boolean>;
  removeSecret: (name: SecretName) => void;
  enableNotifications: () => void;
  close: () => void;
  /** The agent CLIs for the "Agents" section (undefined while looking). */
  agents?: readonly AgentCliStatus[] | undefined;
  refreshAgents?: () => void;
  testProvider?: (provider: ProviderName) => Promise<CommandResultOf<'providers.test'> | undefined>;
  copy?: (text: string) => Promise<boolean>;
  /** The board's projects (Settings' "Projects" section), shown above the providers. */
  projects?: JSX.Element;
  /** Opened to fix something: the field to show first. */
  target?: SettingsTarget | undefined;
  /** The workflows the host can run (the default workflow's choices). */
  workflows?: readonly WorkflowView[];
}

/** The host's workflows, and the stored default too when the host does not list it (so saving keeps it). */
function workflowChoices(workflows: readonly WorkflowView[], stored: string): string[] {
  const ids = workflows.map((workflow) => workflow.id);
  return ids.includes(stored) ? ids : [...ids, stored];
}

/** Brings the field of a fix into view and focuses it (its input, or the row itself). */
function revealTarget(dialog: HTMLDialogElement | undefined, target: SettingsTarget | undefined): boolean {
  if (!dialog || target === undefined) return false;
  const element = dialog.querySelector<HTMLElement>(`[data-settings-target="${target}"]`);
  if (!element) return false;
  element.classList.add('settings-target');
  element.scrollIntoView?.({ block: 'center' });
  (element.querySelector<HTMLElement>('input, select') ?? element).focus?.();
  return true;
}

/** Providers and their keys (masked, with a Test button), the agent CLIs, run defaults, limits, the tool policy and notifications. */
export const SettingsPanel: Component<SettingsPanelProps> = (props) => {
  let dialog: HTMLDialogElement | undefined;
  let form: HTMLFormElement | undefined;
  onMount(() => dialog?.showModal?.());
  // The field of a fix is revealed once its section is drawn (the settings may arrive after the dialog opened).
  let revealed: SettingsTarget | undefined;
  createEffect(() => {
    const target = props.target;
    if (props.view === undefined || target === undefined || revealed === target) return;
    queueMicrotask(() => {
      if (revealTarget(dialog, target)) revealed = target;
    });
  });
  return (
    <dialog
      ref={dialog}
      class="dialog settings-dialog"
      aria-labelledby="settings-heading"
      data-testid="settings"
      onCancel={(event) => {
        event.preventDefault();
        props.close();
      }}
    >
      <div class="dialog-body">
        <header class="panel-header">
          <h2 id="settings-heading" class="dialog-title">
            Settings
          </h2>
          <button type="button" class="icon-button" aria-label="Close settings" onClick={() => props.close()}>
            ×
          </button>
        </header>
        <Show when={props.view} fallback={<p class="dialog-text">This host has no settings to show.</p>}>
          {(view) => (
            <>
              <Show when={view().problem}>
                <p class="run-error" role="alert">
                  {view().problem}
                </p>
              </Show>
              <Show when={view().secretStore?.backend === 'file'}>
                <p class="notice-warning" role="alert" data-testid="secret-store-warning">
                  <strong>Keys are stored in a plain file.</strong> {view().secretStore?.warning ?? 'No system keychain was found.'}
                </p>
              </Show>
              {props.projects}
              <form
                ref={form}
                class="settings-form"
                onSubmit={(event) => {
                  event.preventDefault();
                  if (form) void props.save(settingsPatchFromForm(new FormData(form)));
                }}
              >
                <For each={PROVIDER_NAMES as readonly ProviderName[]}>
                  {(provider) => {
                    const settings = () => view().settings.providers[provider];
                    return (
                      <fieldset class="field-group" data-provider={provider}>
                        <legend class="field-label">{PROVIDER_LABELS[provider]}</legend>
                        <label class="checkbox" data-settings-target={`providers.${provider}.enabled`}>
                          <input type="checkbox" name={`${provider}.enabled`} checked={settings().enabled} /> Enabled
                        </label>
                        <div class="field-row field-row-wrap">
                          <label class="field field-grow" data-settings-target={`providers.${provider}.baseURL`}>
                            <span class="field-label field-label-small">Base URL{provider === 'compatible' ? '' : ' (optional)'}</span>
                            <input class="text-input mono" name={`${provider}.baseURL`} type="url" placeholder={provider === 'compatible' ? 'http://127.0.0.1:8080/v1' : 'official endpoint'} value={settings().baseURL ?? ''} />
                          </label>
                          <label class="field" data-settings-target={`providers.${provider}.defaultModel`}>
                            <span class="field-label field-label-small">Default model</span>
                            <input class="text-input mono" name={`${provider}.defaultModel`} value={settings().defaultModel ?? ''} />
                          </label>
                          <Show when={provider === 'openai'}>
                            <label class="field">
                              <span class="field-label field-label-small">API</span>
                              <select class="text-input" name="openai.api" value={view().settings.providers.openai.api}>
                                <option value="responses">Responses</option>
                                <option value="chat">Chat Completions</option>
                              </select>
                            </label>
                          </Show>
                        </div>
                        <SecretField
                          label={`${PROVIDER_LABELS[provider]} API key`}
                          name={SECRET_OF_PROVIDER[provider]}
                          status={view().secrets[SECRET_OF_PROVIDER[provider]]}
                          save={(value) => props.saveSecret(SECRET_OF_PROVIDER[provider], value)}
                          remove={() => props.removeSecret(SECRET_OF_PROVIDER[provider])}
                          target={`providers.${provider}.apiKey`}
                          {...(props.testProvider ? { test: () => props.testProvider!(provider) } : {})}
                        />
                      </fieldset>
                    );
                  }}
                </For>
                <Show when={props.refreshAgents}>
                  <AgentsSection clis={props.agents} refresh={() => props.refreshAgents?.()} copy={(text) => props.copy?.(text) ?? Promise.resolve(false)} />
                </Show>
                <fieldset class="field-group">
                  <legend class="field-label">Run defaults</legend>
                  <div class="field-row field-row-wrap">
                    <label class="field">
                      <span class="field-label field-label-small">Provider</span>
                      <select class="text-input" name="defaults.provider" value={view().settings.defaults.provider}>
                        <For each={PROVIDER_NAMES as readonly ProviderName[]}>{(provider) => <option value={provider}>{PROVIDER_LABELS[provider]}</option>}</For>
                      </select>
                    </label>
                    <label class="field">
                      <span class="field-label field-label-small">Workflow</span>
                      <select class="text-input" name="defaults.workflow" value={view().settings.defaults.workflow}>
                        <For each={workflowChoices(props.workflows ?? [], view().settings.defaults.workflow)}>{(id) => <option value={id}>{workflowLabel(props.workflows ?? [], id)}</option>}</For>
                      </select>
                    </label>
                    <label class="field">
                      <span class="field-label field-label-small">Review rounds</span>
                      <input class="text-input" type="number" min="1" max="20" name="defaults.maxReviewRounds" value={view().settings.defaults.maxReviewRounds} />
                    </label>
                    <label class="field">
                      <span class="field-label field-label-small">Best-of-N candidates</span>
                      <input class="text-input" type="number" min="2" max="8" name="defaults.bestOfN" value={view().settings.defaults.bestOfN} />
                    </label>
                  </div>
                </fieldset>
                <fieldset class="field-group">
                  <legend class="field-label">Limits and tools</legend>
                  <div class="field-row field-row-wrap">
                    <label class="field">
                      <span class="field-label field-label-small">Agents at once</span>
                      <input class="text-input" type="number" min="1" max="1000" name="limits.global" value={view().settings.limits.global} />
                    </label>
                    <label class="field">
                      <span class="field-label field-label-small">Tool calls by default</span>
                      <select class="text-input" name="toolPolicy.default" value={view().settings.toolPolicy.default}>
                        <option value="allow">Allow</option>
                        <option value="ask">Ask me</option>
                        <option value="deny">Deny</option>
                      </select>
                    </label>
                  </div>
                </fieldset>
                <GitHubSection
                  settings={view().settings.github}
                  token={view().secrets['github.token']}
                  saveToken={(value) => props.saveSecret('github.token', value)}
                  removeToken={() => props.removeSecret('github.token')}
                />
                <fieldset class="field-group">
                  <legend class="field-label">Notifications</legend>
                  <label class="checkbox">
                    <input type="checkbox" name="notifications.needsYou" checked={view().settings.notifications.needsYou} /> When a card needs me
                  </label>
                  <label class="checkbox">
                    <input type="checkbox" name="notifications.finished" checked={view().settings.notifications.finished} /> When a run finishes
                  </label>
                  <button type="button" class="button button-small" onClick={() => props.enableNotifications()}>
                    Allow notifications in this browser
                  </button>
                </fieldset>
                <div class="dialog-actions">
                  <button type="button" class="button" onClick={() => props.close()}>
                    Close
                  </button>
                  <button type="submit" class="button button-primary">
                    Save settings
                  </button>
                </div>
              </form>
            </>
          )}
        </Show>
      </div>
    </dialog>
  );
};
