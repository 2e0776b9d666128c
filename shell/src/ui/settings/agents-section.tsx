import type { AgentCliStatus } from '@kanbots/core/protocol';
import { For, Show, createSignal, type Component } from 'solid-js';

/**
 * Settings' "Agents" section: every supported agent CLI (Claude Code, Codex), found or not, its
 * version and login state in words, and the commands that install it and log it in, to copy.
 */

const LOGIN_WORDS: Record<NonNullable<AgentCliStatus['login']>, string> = {
  'logged-in': 'Logged in',
  'not-logged-in': 'Not logged in',
  unknown: 'Login state unknown',
};

export const CopyCommand: Component<{ command: string; label: string; copy: (text: string) => Promise<boolean> }> = (props) => {
  const [copied, setCopied] = createSignal(false);
  return (
    <div class="preflight-command">
      <code class="mono">{props.command}</code>
      <button type="button" class="button button-small" aria-label={props.label} onClick={() => void props.copy(props.command).then((done) => setCopied(done))}>
        {copied() ? 'Copied' : 'Copy'}
      </button>
    </div>
  );
};

export const AgentsSection: Component<{ clis: readonly AgentCliStatus[] | undefined; refresh: () => void; copy: (text: string) => Promise<boolean> }> = (props) => (
  <fieldset class="field-group agents-section" data-testid="settings-agents">
    <legend class="field-label">Agents</legend>
    <p class="field-hint">Agent CLIs a run can hand the writing roles to. Kanbots uses their own login unless it holds a key for their provider.</p>
    <Show when={props.clis} fallback={<p class="field-hint">Looking for the agent CLIs…</p>}>
      {(clis) => (
        <ul class="agent-cli-list">
          <For each={clis()}>
            {(cli) => (
              <li class="agent-cli" data-settings-target={`agents.${cli.name}`} data-cli={cli.name} data-installed={cli.installed ? 'true' : 'false'} data-login={cli.login ?? 'none'} tabindex="-1">
                <div class="agent-cli-head">
                  <strong>{cli.label}</strong>
                  <Show when={cli.installed} fallback={<span class="badge badge-warning">Not installed</span>}>
                    <span class="badge">Version {cli.version}</span>
                    <span class="badge" classList={{ 'badge-accent': cli.login === 'logged-in', 'badge-warning': cli.login !== 'logged-in' }}>
                      {LOGIN_WORDS[cli.login ?? 'unknown']}
                      {cli.loginMethod ? ` with ${cli.loginMethod}` : ''}
                    </span>
                  </Show>
                </div>
                <Show when={cli.problem}>{(problem) => <p class="field-hint">{problem()}</p>}</Show>
                <Show when={!cli.installed}>
                  <CopyCommand command={cli.installCommand} label={`Copy the command that installs ${cli.label}`} copy={props.copy} />
                </Show>
                <Show when={cli.installed && cli.login !== 'logged-in'}>
                  <p class="field-hint">Log in once in a terminal:</p>
                  <CopyCommand command={cli.loginCommand} label={`Copy the command that logs ${cli.label} in`} copy={props.copy} />
                </Show>
              </li>
            )}
          </For>
        </ul>
      )}
    </Show>
    <button type="button" class="button button-small" onClick={() => props.refresh()}>
      Check again
    </button>
  </fieldset>
);
