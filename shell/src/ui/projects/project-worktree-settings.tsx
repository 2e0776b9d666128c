import {
  defaultPoolDiskBudgetMB,
  defaultSetupTimeoutSeconds,
  linkModes,
  maximumPoolSize,
  worktreeSettingsProblems,
  worktreeSettingsSchema,
  type LinkMode,
  type ProjectWorktreeSettings,
  type WorktreeSettingsInput,
} from '@kanbots/core/protocol';
import { For, Show, createSignal, type Component } from 'solid-js';

export interface ProjectWorktreeSettingsProps {
  repository: string;
  read: (repository: string) => Promise<ProjectWorktreeSettings>;
  /** Resolves with the settings as saved, or throws with the host's words. */
  write: (repository: string, settings: WorktreeSettingsInput) => Promise<ProjectWorktreeSettings>;
}

const LINK_MODE_WORDS: Record<LinkMode, string> = {
  symlink: 'a link to the repository’s folder (no extra disk)',
  reflink: 'a copy-on-write clone (a plain copy where the disk has none)',
  copy: 'a plain copy',
};

function lines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

function sourceWords(view: ProjectWorktreeSettings): string {
  switch (view.source.kind) {
    case 'kanbots':
      return `Saved in ${view.source.file ?? '.kanbots/config.toml'} in the repository (commit it to share it).`;
    case 'none':
      return 'None yet: saving writes .kanbots/config.toml in the repository (commit it to share it).';
    case 'conductor':
      return `Read from Conductor’s ${view.source.file ?? 'settings'}: shown here, changed there (or add a .kanbots/config.toml to use Kanbots’ own).`;
    case 'codex':
      return `Read from Codex’s ${view.source.file ?? 'environment'}: shown here, changed there (or add a .kanbots/config.toml to use Kanbots’ own).`;
  }
}

/**
 * A project's worktree settings in Settings → Projects: what each new worktree gets (the copy
 * list beside `.worktreeinclude`, the linked folders), the setup, run and archive scripts, the
 * setup's time limit and the warm pool. Read from the repository when opened; the form is checked
 * with the settings' own schema before it is sent (problems in words, by field), and the host
 * checks again before it writes `.kanbots/config.toml`. Settings read from Conductor's or Codex's
 * files, or a file Kanbots cannot use, are shown read-only with where they come from.
 */
export const ProjectWorktreeSettingsEditor: Component<ProjectWorktreeSettingsProps> = (props) => {
  const [view, setView] = createSignal<ProjectWorktreeSettings | undefined>(undefined);
  const [loadProblem, setLoadProblem] = createSignal<string | undefined>(undefined);
  const [problems, setProblems] = createSignal<readonly string[]>([]);
  const [saved, setSaved] = createSignal<string | undefined>(undefined);
  const [saving, setSaving] = createSignal(false);
  let form: HTMLFormElement | undefined;
  const load = async (): Promise<void> => {
    try {
      setView(await props.read(props.repository));
      setLoadProblem(undefined);
    } catch (error) {
      setLoadProblem(`The worktree settings could not be read: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const value = (name: string): string => form?.querySelector<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>(`[name="${name}"]`)?.value ?? '';
  const formSettings = (): WorktreeSettingsInput => {
    const scripts: Record<string, string> = {};
    for (const name of ['setup', 'run', 'archive'] as const) {
      const script = value(`worktree-script-${name}`).trim();
      if (script !== '') scripts[name] = script;
    }
    const number = (name: string, fallback: number): number => {
      const text = value(name).trim();
      return text === '' ? fallback : Number(text);
    };
    return {
      copy: lines(value('worktree-copy')),
      links: lines(value('worktree-links')),
      linkMode: value('worktree-link-mode') as LinkMode,
      scripts,
      setupTimeoutSeconds: number('worktree-setup-timeout', defaultSetupTimeoutSeconds),
      pool: { size: number('worktree-pool-size', 0), diskBudgetMB: number('worktree-pool-budget', defaultPoolDiskBudgetMB) },
    };
  };
  const save = async (): Promise<void> => {
    setSaved(undefined);
    const settings = formSettings();
    const checked = worktreeSettingsSchema.safeParse(settings);
    if (!checked.success) {
      setProblems(worktreeSettingsProblems(checked.error));
      return;
    }
    setProblems([]);
    setSaving(true);
    try {
      const written = await props.write(props.repository, settings);
      setView(written);
      setSaved(`Saved to ${written.source.file ?? '.kanbots/config.toml'}.`);
    } catch (error) {
      setProblems([error instanceof Error ? error.message : String(error)]);
    } finally {
      setSaving(false);
    }
  };
  return (
    <details
      class="project-worktree-settings"
      data-testid="project-worktree-settings"
      onToggle={(event) => {
        if ((event.currentTarget as HTMLDetailsElement).open && view() === undefined) void load();
      }}
    >
      <summary>Worktree settings</summary>
      <Show when={loadProblem()}>{(problem) => <p class="field-error" role="alert">{problem()}</p>}</Show>
      <Show when={view()}>
        {(current) => {
          const settings = () => current().settings;
          const readOnly = () => !current().editable;
          return (
            <form
              ref={form}
              class="project-worktree-form"
              aria-label="Worktree settings"
              onSubmit={(event) => {
                event.preventDefault();
                void save();
              }}
            >
              <p class="field-hint" data-testid="worktree-settings-source">
                {sourceWords(current())}
              </p>
              <Show when={current().problem}>{(problem) => <p class="field-error" role="alert">{problem()} Fix the file, then open this again.</p>}</Show>
              <fieldset class="project-worktree-fields" disabled={readOnly()}>
                <div class="field-row field-row-wrap">
                  <label class="field field-grow">
                    <span class="field-label field-label-small">Copy into each worktree (ignored files, one pattern a line)</span>
                    <textarea class="text-input mono" name="worktree-copy" rows={3} spellcheck={false} placeholder=".env.local" value={settings().copy.join('\n')} />
                    <span class="field-hint">Read after .worktreeinclude, in the same .gitignore syntax; only files git ignores are copied.</span>
                  </label>
                  <label class="field field-grow">
                    <span class="field-label field-label-small">Folders each worktree gets (one a line)</span>
                    <textarea class="text-input mono" name="worktree-links" rows={3} spellcheck={false} placeholder="node_modules" value={settings().links.join('\n')} />
                    <span class="field-hint">Folders of the repository, such as node_modules.</span>
                  </label>
                </div>
                <label class="field">
                  <span class="field-label field-label-small">Each folder is</span>
                  <select class="text-input" name="worktree-link-mode">
                    <For each={linkModes}>
                      {(mode) => (
                        <option value={mode} selected={mode === settings().linkMode}>
                          {LINK_MODE_WORDS[mode]}
                        </option>
                      )}
                    </For>
                  </select>
                </label>
                <label class="field">
                  <span class="field-label field-label-small">Setup script (runs in each new worktree before the first agent turn)</span>
                  <textarea class="text-input mono" name="worktree-script-setup" rows={2} spellcheck={false} placeholder="npm ci" value={settings().scripts.setup ?? ''} />
                </label>
                <label class="field">
                  <span class="field-label field-label-small">Run script (the card’s dev server; $KANBOTS_PORT is its first port)</span>
                  <textarea class="text-input mono" name="worktree-script-run" rows={2} spellcheck={false} placeholder="npm run dev -- --port $KANBOTS_PORT" value={settings().scripts.run ?? ''} />
                </label>
                <label class="field">
                  <span class="field-label field-label-small">Archive script (runs before a worktree is removed)</span>
                  <textarea class="text-input mono" name="worktree-script-archive" rows={2} spellcheck={false} value={settings().scripts.archive ?? ''} />
                </label>
                <div class="field-row field-row-wrap">
                  <label class="field">
                    <span class="field-label field-label-small">Setup time limit (seconds)</span>
                    <input class="text-input" name="worktree-setup-timeout" type="number" min={1} step={1} value={settings().setupTimeoutSeconds} />
                  </label>
                  <label class="field">
                    <span class="field-label field-label-small">Warm pool: worktrees kept ready (0: off, up to {maximumPoolSize})</span>
                    <input class="text-input" name="worktree-pool-size" type="number" min={0} step={1} value={settings().pool.size} />
                  </label>
                  <label class="field">
                    <span class="field-label field-label-small">Warm pool disk budget (MB)</span>
                    <input class="text-input" name="worktree-pool-budget" type="number" min={1} step={1} value={settings().pool.diskBudgetMB} />
                  </label>
                </div>
              </fieldset>
              <Show when={problems().length > 0}>
                <ul class="field-error project-worktree-problems" role="alert" data-testid="worktree-settings-problems">
                  <For each={problems()}>{(problem) => <li>{problem}</li>}</For>
                </ul>
              </Show>
              <Show when={!readOnly()}>
                <div class="field-row">
                  <button type="submit" class="button button-small" disabled={saving()}>
                    Save worktree settings
                  </button>
                  <Show when={saved()}>{(words) => <span class="field-hint" role="status">{words()}</span>}</Show>
                </div>
              </Show>
            </form>
          );
        }}
      </Show>
    </details>
  );
};
