import type { RecentRepository, RepositoryCheck } from '@kanbots/core/protocol';
import { For, Show, createSignal, onMount, type Component } from 'solid-js';

type CheckResult = RepositoryCheck | { ok: false; path: string; problem: 'host'; message: string };

export interface ProjectPickerProps {
  check: (path: string) => Promise<CheckResult>;
  recent: readonly RecentRepository[];
  /** The desktop window's folder dialog; absent in a browser tab (the path is typed). */
  chooseFolder?: (() => Promise<string | undefined>) | undefined;
  add: (project: { repository: string; name: string; baseBranch: string }) => Promise<string | undefined>;
  /** Told the new project's id once the host accepted it. */
  added: (projectId: string) => void;
  close: () => void;
}

/**
 * "Add a project": a repository folder picked once — typed (with the host checking it at once:
 * exists, is a git repository, has a commit; its branches), chosen from the repositories Kanbots
 * already knows, or in the desktop window from the system's folder dialog — then named, with the
 * branch its runs start from.
 */
export const ProjectPicker: Component<ProjectPickerProps> = (props) => {
  let dialog: HTMLDialogElement | undefined;
  let pathInput: HTMLInputElement | undefined;
  const [path, setPath] = createSignal('');
  const [checking, setChecking] = createSignal(false);
  const [result, setResult] = createSignal<CheckResult | undefined>();
  const [name, setName] = createSignal('');
  const [branch, setBranch] = createSignal('');
  const [adding, setAdding] = createSignal(false);
  let checkedPath = '';
  onMount(() => {
    dialog?.showModal?.();
    pathInput?.focus();
  });

  const runCheck = async (candidate: string): Promise<void> => {
    const trimmed = candidate.trim();
    if (trimmed === '' || trimmed === checkedPath) return;
    checkedPath = trimmed;
    setChecking(true);
    const answer = await props.check(trimmed);
    setChecking(false);
    if (checkedPath !== trimmed) return;
    setResult(answer);
    if (answer.ok) {
      setName(answer.name);
      setBranch(answer.defaultBranch);
    }
  };
  const choose = (candidate: string): void => {
    setPath(candidate);
    void runCheck(candidate);
  };
  const valid = (): Extract<CheckResult, { ok: true }> | undefined => {
    const current = result();
    return current?.ok === true ? current : undefined;
  };
  const submit = async (): Promise<void> => {
    const repository = valid();
    if (repository === undefined || adding()) return;
    setAdding(true);
    const projectId = await props.add({ repository: repository.path, name: name().trim() || repository.name, baseBranch: branch() || repository.defaultBranch });
    setAdding(false);
    if (projectId !== undefined) props.added(projectId);
  };

  return (
    <dialog
      ref={dialog}
      class="dialog project-picker"
      aria-labelledby="project-picker-heading"
      data-testid="project-picker"
      onCancel={(event) => {
        event.preventDefault();
        props.close();
      }}
    >
      <form
        class="dialog-body"
        onSubmit={(event) => {
          event.preventDefault();
          if (valid() && path().trim() === checkedPath) void submit();
          else void runCheck(path());
        }}
      >
        <header class="panel-header">
          <h2 id="project-picker-heading" class="dialog-title">
            Add a project
          </h2>
          <button type="button" class="icon-button" aria-label="Close" onClick={() => props.close()}>
            ×
          </button>
        </header>
        <p class="dialog-text">
          A project is a git repository on this computer. The agents work in copies of it of their own (git worktrees), never in your checkout.
        </p>
        <Show when={props.chooseFolder}>
          {(chooseFolder) => (
            <button
              type="button"
              class="button"
              onClick={async () => {
                const folder = await chooseFolder()();
                if (folder) choose(folder);
              }}
            >
              Choose a folder…
            </button>
          )}
        </Show>
        <label class="field">
          <span class="field-label">Repository folder</span>
          <div class="field-inline">
            <input
              ref={pathInput}
              class="text-input mono"
              name="repository"
              placeholder="/home/you/code/my-app"
              autocomplete="off"
              spellcheck={false}
              value={path()}
              onInput={(event) => setPath(event.currentTarget.value)}
              onBlur={() => void runCheck(path())}
            />
            <button type="button" class="button" onClick={() => void runCheck(path())} disabled={path().trim() === ''}>
              Check
            </button>
          </div>
          <span class="field-hint">The full path of the folder (~ is your home folder). A sub-folder of a repository works too.</span>
        </label>
        <div class="picker-status" aria-live="polite">
          <Show when={checking()}>
            <p class="field-hint">Checking…</p>
          </Show>
          <Show when={!checking() && result()?.ok === false ? (result() as Extract<CheckResult, { ok: false }>) : undefined}>
            {(problem) => (
              <p class="run-error" role="alert" data-testid="project-problem">
                {problem().message}
              </p>
            )}
          </Show>
        </div>
        <Show when={!checking() ? valid() : undefined}>
          {(repository) => (
            <div class="picker-found" data-testid="project-found">
              <p class="picker-ok">
                <span aria-hidden="true">✓</span> A git repository: <span class="mono">{repository().path}</span>
                <Show when={repository().personas.length > 0}>
                  {' '}— with {repository().personas.length === 1 ? 'a persona' : `${repository().personas.length} personas`} of its own ({repository().personas.map((persona) => persona.name).join(', ')})
                </Show>
              </p>
              <div class="field-row">
                <label class="field field-grow">
                  <span class="field-label field-label-small">Project name</span>
                  <input class="text-input" name="name" maxLength={80} value={name()} onInput={(event) => setName(event.currentTarget.value)} />
                </label>
                <label class="field">
                  <span class="field-label field-label-small">Runs start from branch</span>
                  <select class="text-input mono" name="baseBranch" onChange={(event) => setBranch(event.currentTarget.value)}>
                    <For each={repository().branches}>
                      {(item) => (
                        <option value={item} selected={item === branch()}>
                          {item}
                        </option>
                      )}
                    </For>
                  </select>
                </label>
              </div>
            </div>
          )}
        </Show>
        <Show when={props.recent.length > 0}>
          <div class="picker-recent">
            <h3 class="field-label">Repositories Kanbots knows</h3>
            <ul class="picker-recent-list">
              <For each={props.recent}>
                {(repository) => (
                  <li>
                    <button type="button" class="button button-ghost picker-recent-item" title={repository.path} onClick={() => choose(repository.path)}>
                      <span>{repository.name}</span> <span class="mono field-hint">{repository.path}</span>
                    </button>
                  </li>
                )}
              </For>
            </ul>
          </div>
        </Show>
        <div class="dialog-actions">
          <button type="button" class="button" onClick={() => props.close()}>
            Cancel
          </button>
          <button type="submit" class="button button-primary" disabled={valid() === undefined || adding() || path().trim() !== checkedPath}>
            Add project
          </button>
        </div>
      </form>
    </dialog>
  );
};
