import type { SecretName, SecretStatus, Settings } from '@kanbots/core/protocol';
import type { Component } from 'solid-js';
import { SecretField } from './secret-field.js';
import '../styles/pull-requests.css';

const TOKEN: SecretName = 'github.token';

/**
 * Settings → GitHub, for "Open pull request" at the gate: the token (stored as a secret, shown
 * masked, never shown again; the GitHub CLI's own login comes first), the remote a card's branch is
 * pushed to, and the REST API's address for GitHub Enterprise Server. The two text fields are part
 * of the settings form (`github.remote`, `github.apiBaseUrl`); the token goes through `secrets.set`.
 */
export const GitHubSection: Component<{
  settings: Settings['github'];
  token: SecretStatus | undefined;
  saveToken: (value: string) => Promise<boolean>;
  removeToken: () => void;
}> = (props) => (
  <fieldset class="field-group github-section" data-testid="settings-github">
    <legend class="field-label">GitHub</legend>
    <p class="field-hint">
      For pull requests from the gate. Kanbots uses <code class="mono">gh auth token</code> when the GitHub CLI is logged in, and this token otherwise. A classic token needs the{' '}
      <code class="mono">repo</code> scope (<code class="mono">public_repo</code> for public repositories); a fine-grained one needs Pull requests: read and write, and Checks: read. The branch is
      pushed with your own git credentials, never with this token.
    </p>
    <SecretField label="GitHub token" name={TOKEN} status={props.token} save={(value) => props.saveToken(value)} remove={() => props.removeToken()} target="github.token" />
    <div class="field-row field-row-wrap">
      <label class="field" data-settings-target="github.remote">
        <span class="field-label field-label-small">Remote to push to</span>
        <input class="text-input mono" name="github.remote" value={props.settings.remote} autocomplete="off" spellcheck={false} />
      </label>
      <label class="field field-grow" data-settings-target="github.apiBaseUrl">
        <span class="field-label field-label-small">API base URL (GitHub Enterprise; optional)</span>
        <input class="text-input mono" name="github.apiBaseUrl" type="url" placeholder="https://github.example.com/api/v3" value={props.settings.apiBaseUrl ?? ''} autocomplete="off" spellcheck={false} />
      </label>
    </div>
  </fieldset>
);
