import type { Project } from '@kanbots/core/model';
import type { PersonaRole } from '@kanbots/core/protocol';
import { For, Show, createResource, createSignal, type Component } from 'solid-js';
import { ProjectWorktreeSettingsEditor, type ProjectWorktreeSettingsProps } from './project-worktree-settings.js';

/** The roles a project can name a default model for (the run form pre-fills them). */
export const PROJECT_MODEL_ROLES: readonly PersonaRole[] = ['developer', 'reviewer'];

export interface ProjectsSectionProps {
  projects: readonly Project[];
  /** How many cards belong to a project (said before it is removed). */
  cardCount: (projectId: string) => number;
  /** The repository's branches (undefined while asked or when it cannot be read). */
  branches: (repository: string) => Promise<readonly string[] | undefined>;
  update: (projectId: string, patch: { name?: string; baseBranch?: string; agents?: Project['agents'] }) => Promise<boolean>;
  remove: (projectId: string) => Promise<boolean>;
  addProject: () => void;
  /** The project's worktree settings, read from and written to its repository. */
  worktreeSettings?: Pick<ProjectWorktreeSettingsProps, 'read' | 'write'>;
}

/**
 * Settings' "Projects" section: each project's name, the branch its runs start from and the
 * models its agents use unless a run says otherwise (all pre-filled in the run form), saved per
 * project; and removing a project, said first what happens to its cards (they stay, without one).
 */
export const ProjectsSection: Component<ProjectsSectionProps> = (props) => (
  <fieldset class="field-group projects-section" data-testid="settings-projects" data-settings-target="projects">
    <legend class="field-label">Projects</legend>
    <Show when={props.projects.length > 0} fallback={<p class="field-hint">No projects yet: a project is a git repository the agents work on.</p>}>
      <ul class="project-settings-list">
        <For each={props.projects}>{(project) => <ProjectRow project={project} {...props} />}</For>
      </ul>
    </Show>
    <button type="button" class="button button-small" onClick={() => props.addProject()}>
      Add a project
    </button>
  </fieldset>
);

const ProjectRow: Component<ProjectsSectionProps & { project: Project }> = (props) => {
  const [branches] = createResource(() => props.project.repository, (repository) => props.branches(repository));
  const [confirming, setConfirming] = createSignal(false);
  const [saving, setSaving] = createSignal(false);
  let row: HTMLLIElement | undefined;
  const field = (name: string): string => row?.querySelector<HTMLInputElement | HTMLSelectElement>(`[name="${name}"]`)?.value.trim() ?? '';
  const save = async (): Promise<void> => {
    const models: Partial<Record<PersonaRole, string>> = { ...props.project.agents.models };
    for (const role of PROJECT_MODEL_ROLES) {
      const model = field(`project-model-${role}`);
      if (model) models[role] = model;
      else delete models[role];
    }
    const name = field('project-name');
    const baseBranch = field('project-base-branch');
    setSaving(true);
    await props.update(props.project.id, {
      ...(name && name !== props.project.name ? { name } : {}),
      ...(baseBranch && baseBranch !== props.project.baseBranch ? { baseBranch } : {}),
      agents: { models, personas: { ...props.project.agents.personas } },
    });
    setSaving(false);
  };
  const branchChoices = (): readonly string[] => {
    const known = branches() ?? [];
    return known.includes(props.project.baseBranch) ? known : [props.project.baseBranch, ...known];
  };
  const nameId = `project-name-${props.project.id}`;
  return (
    <li ref={row} class="project-settings" data-project-id={props.project.id} aria-label={`Project ${props.project.name}`}>
      <div class="field-row field-row-wrap">
        <label class="field field-grow" for={nameId}>
          <span class="field-label field-label-small">Name</span>
          <input id={nameId} class="text-input" name="project-name" value={props.project.name} maxLength={120} />
        </label>
        <label class="field">
          <span class="field-label field-label-small">Runs start from branch</span>
          <select class="text-input mono" name="project-base-branch">
            <For each={branchChoices()}>
              {(branch) => (
                <option value={branch} selected={branch === props.project.baseBranch}>
                  {branch}
                </option>
              )}
            </For>
          </select>
        </label>
      </div>
      <p class="field-hint mono project-settings-path">{props.project.repository}</p>
      <div class="field-row field-row-wrap">
        <For each={PROJECT_MODEL_ROLES}>
          {(role) => (
            <label class="field field-grow">
              <span class="field-label field-label-small">{capitalised(role)}'s model</span>
              <input class="text-input mono" name={`project-model-${role}`} value={props.project.agents.models[role] ?? ''} placeholder="the run's" spellcheck={false} />
            </label>
          )}
        </For>
      </div>
      <p class="field-hint">A model is written as provider:model (anthropic:claude-sonnet-4-6) or an agent CLI (claude-code, codex). Empty: the one the run form picks.</p>
      <Show when={props.worktreeSettings}>
        {(settings) => <ProjectWorktreeSettingsEditor repository={props.project.repository} read={settings().read} write={settings().write} />}
      </Show>
      <div class="field-row">
        <button type="button" class="button button-small" disabled={saving()} onClick={() => void save()}>
          Save project
        </button>
        <Show
          when={confirming()}
          fallback={
            <button type="button" class="button button-small button-danger-ghost" onClick={() => setConfirming(true)}>
              Remove…
            </button>
          }
        >
          <p class="project-remove-confirm" role="alert">
            Remove “{props.project.name}”?{' '}
            {cardsStay(props.cardCount(props.project.id))}
            The repository is not touched.{' '}
            <button type="button" class="button button-small button-danger" onClick={() => void props.remove(props.project.id)}>
              Remove project
            </button>{' '}
            <button type="button" class="button button-small" onClick={() => setConfirming(false)}>
              Keep
            </button>
          </p>
        </Show>
      </div>
    </li>
  );
};

function capitalised(role: string): string {
  return role.charAt(0).toUpperCase() + role.slice(1);
}

function cardsStay(count: number): string {
  if (count === 0) return '';
  return count === 1 ? 'Its one card stays on the board, without a project. ' : `Its ${count} cards stay on the board, without a project. `;
}
