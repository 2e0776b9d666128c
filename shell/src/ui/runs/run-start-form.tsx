import type { Card, Project } from '@kanbots/core/model';
import { personaRoleSchema, type PersonaRole, type PreflightProblem, type RunProvider, type RunStartArgs, type RunStartOptions, type Settings, type WorkflowOptionView, type WorkflowView } from '@kanbots/core/protocol';
import { For, Show, createSignal, onMount, type Component } from 'solid-js';
import { PreflightProblems, type PreflightFixActions } from './preflight-problem-note.js';

/** Model providers a run can use: the API providers of the settings and the agent CLIs. */
export const RUN_PROVIDERS: ReadonlyArray<{ id: RunProvider; label: string }> = [
  { id: 'anthropic', label: 'Anthropic' },
  { id: 'openai', label: 'OpenAI' },
  { id: 'compatible', label: 'OpenAI-compatible' },
  { id: 'claude-code', label: 'Claude Code (CLI)' },
  { id: 'codex', label: 'Codex (CLI)' },
];

const DEFAULT_PIPELINE_STEPS: readonly PersonaRole[] = ['planner', 'developer', 'tester', 'reviewer'];

/** The pipeline steps as typed ("planner, developer"): the roles in order, and any word that is not a role. */
export function parsePipelineSteps(text: string): { roles: PersonaRole[]; unknown: string[] } {
  const words = text.split(',').map((step) => step.trim()).filter(Boolean);
  const roles: PersonaRole[] = [];
  const unknown: string[] = [];
  for (const word of words) {
    const role = personaRoleSchema.safeParse(word.toLowerCase());
    if (role.success) roles.push(role.data);
    else unknown.push(word);
  }
  return { roles, unknown };
}

/** Whether the workflow takes an ordered list of steps (its roles are then the steps'). */
export function takesSteps(workflow: WorkflowView | undefined): boolean {
  return workflow?.options.some((option) => option.kind === 'steps') ?? false;
}

/** The roles a workflow asks personas for: its own, or those of the steps typed. */
export function rolesOf(workflow: WorkflowView | undefined, steps: readonly PersonaRole[]): PersonaRole[] {
  if (workflow === undefined) return [];
  if (takesSteps(workflow)) return [...new Set(steps)];
  return workflow.roles.map((role) => role.role);
}

/** The workflow the form opens with: the settings' default when the host has it, else the first. */
export function initialWorkflow(workflows: readonly WorkflowView[], preferred: string | undefined): string {
  return (workflows.find((workflow) => workflow.id === preferred) ?? workflows[0])?.id ?? '';
}

/** A number option's starting value: the workflow's default, else the settings' one for the option, else its minimum. */
export function optionStart(option: WorkflowOptionView, settings: Settings | undefined): number | undefined {
  if (option.default !== undefined) return option.default;
  const fromSettings = option.key === 'maxRounds' ? settings?.defaults.maxReviewRounds : option.key === 'candidates' ? settings?.defaults.bestOfN : undefined;
  const bounded = fromSettings === undefined ? undefined : Math.min(option.max ?? fromSettings, Math.max(option.min ?? fromSettings, fromSettings));
  return bounded ?? option.min;
}

/** The persona a role starts with: the project's, the workflow's own choice, else the settings' default. */
export function personaStart(workflow: WorkflowView | undefined, role: PersonaRole, project: string | undefined, settings: Settings | undefined): string {
  if (project !== undefined) return project;
  const own = workflow?.roles.find((candidate) => candidate.role === role)?.defaultPersona;
  if (own !== undefined && own !== role) return own;
  return settings?.defaults.personas[role] ?? own ?? role;
}

export function defaultModelOf(settings: Settings | undefined, provider: RunProvider): string {
  if (provider === 'anthropic' || provider === 'openai' || provider === 'compatible') {
    return settings?.providers[provider].defaultModel ?? (provider === 'anthropic' ? 'claude-sonnet-4-6' : provider === 'openai' ? 'gpt-5' : '');
  }
  return '';
}

/** What the run works on: one of the board's projects, or the card's own repository (cards from before projects). */
export type RunTargetChoice = { kind: 'project'; project: Project } | { kind: 'card-target'; repository: string; baseBranch: string | undefined };

/** The choices of the run form's "Project" field, and the one pre-selected: the card's project, else the only project, else the card's own repository. */
export function runTargetChoices(card: Card, projects: readonly Project[]): { choices: RunTargetChoice[]; selected: number } {
  const choices: RunTargetChoice[] = projects.map((project) => ({ kind: 'project', project }));
  if (card.target !== undefined && card.projectId === undefined) choices.push({ kind: 'card-target', repository: card.target.repository, baseBranch: card.target.baseBranch });
  const ofCard = projects.findIndex((project) => project.id === card.projectId);
  if (ofCard >= 0) return { choices, selected: ofCard };
  if (card.target !== undefined) return { choices, selected: choices.length - 1 };
  return { choices, selected: projects.length === 1 ? 0 : -1 };
}

export interface RunStartFormProps {
  card: Card;
  /** The board's projects (the "Project" field). */
  projects: readonly Project[];
  /** Opens "Add a project"; the new project is chosen for this card. */
  addProject: () => void;
  /** Puts the card in the project its run is started on (so the next run, and the board, know it). */
  assignProject: (projectId: string) => void;
  settings: Settings | undefined;
  /** The workflows the host can run (the snapshot's), offered in its order. */
  workflows: readonly WorkflowView[];
  /** Disabled while a run is being started or the host is offline. */
  disabled: boolean;
  /** The scripted demo: provider and model are fixed, shown as this label. */
  demo?: { label: string } | undefined;
  start: (request: RunStartArgs) => void;
  /** What the check before a run found for the form as it is (shown next to each field). */
  problems?: readonly PreflightProblem[];
  /** Asks for the check before a run (on open and when a choice changes). */
  check?: (request: RunStartArgs) => void;
  /** Opening Settings and copying a command (choosing a name is the form's own). */
  fixes?: Omit<PreflightFixActions, 'choose'>;
}

/** "Run with agents": the workflow, personas, model and target of a new run of the card. */
export const RunStartForm: Component<RunStartFormProps> = (props) => {
  const [workflow, setWorkflow] = createSignal<string>(initialWorkflow(props.workflows, props.settings?.defaults.workflow));
  const current = (): WorkflowView | undefined => props.workflows.find((candidate) => candidate.id === workflow());
  const numberOptions = (): WorkflowOptionView[] => current()?.options.filter((option) => option.kind === 'integer') ?? [];
  const [provider, setProvider] = createSignal<RunProvider>(props.settings?.defaults.provider ?? 'anthropic');
  const [steps, setSteps] = createSignal(DEFAULT_PIPELINE_STEPS.join(', '));
  const parsedSteps = () => parsePipelineSteps(steps());
  const stepList = (): PersonaRole[] => parsedSteps().roles;
  const stepsProblem = (): string | undefined => {
    if (!takesSteps(current())) return undefined;
    const { roles, unknown } = parsedSteps();
    if (unknown.length > 0) return `Not a role: ${unknown.join(', ')}. The roles are ${personaRoleSchema.options.join(', ')}.`;
    if (roles.length === 0) return 'A pipeline needs at least one step.';
    return undefined;
  };
  let form: HTMLFormElement | undefined;
  const targets = () => runTargetChoices(props.card, props.projects);
  const [chosenTarget, setChosenTarget] = createSignal<number | undefined>();
  const targetIndex = (): number => chosenTarget() ?? targets().selected;
  const target = (): RunTargetChoice | undefined => targets().choices[targetIndex()];
  const defaultBranch = (): string => {
    const current = target();
    if (current === undefined) return '';
    return current.kind === 'project' ? current.project.baseBranch : (current.baseBranch ?? '');
  };
  /** The project's own persona for a role, if it names one. */
  const projectPersona = (role: PersonaRole): string | undefined => {
    const current = target();
    return current?.kind === 'project' ? current.project.agents.personas[role] : undefined;
  };
  /** The project's own model for a role, if it names one (Settings → Projects). */
  const projectModel = (role: PersonaRole): string => {
    const current = target();
    return current?.kind === 'project' ? (current.project.agents.models[role] ?? '') : '';
  };
  const targetProblem = (): string | undefined => (target() === undefined ? (props.projects.length === 0 ? 'Add a project first: the repository the agents work on.' : 'Choose the project the agents work on.') : undefined);

  const request = (): RunStartArgs | undefined => {
    const data = new FormData(form);
    const text = (name: string): string => String(data.get(name) ?? '').trim();
    const number = (name: string): number | undefined => {
      const value = Number(text(name));
      return Number.isFinite(value) && value > 0 ? Math.round(value) : undefined;
    };
    if (stepsProblem() !== undefined) return undefined;
    const chosen = target();
    const chosenWorkflow = current();
    if (chosen === undefined || chosenWorkflow === undefined) return undefined;
    const personas: Partial<Record<PersonaRole, string>> = {};
    for (const role of rolesOf(chosenWorkflow, stepList())) {
      const persona = text(`persona-${role}`);
      if (persona) personas[role] = persona;
    }
    const options: RunStartOptions = props.demo ? { personas } : { provider: provider(), personas };
    const model = text('model');
    if (model && !props.demo) options.model = model;
    const models: Record<string, string> = {};
    if (!props.demo) {
      for (const role of rolesOf(chosenWorkflow, stepList())) {
        const roleModel = text(`model-${role}`);
        if (roleModel) models[role] = roleModel;
      }
    }
    if (Object.keys(models).length > 0) options.models = models;
    for (const option of numberOptions()) {
      const value = number(option.key);
      if (value !== undefined && option.key !== 'steps') options[option.key] = value;
    }
    if (takesSteps(chosenWorkflow)) options.steps = stepList().map((role) => (personas[role] === undefined ? { role } : { role, persona: personas[role] }));
    options.repository = chosen.kind === 'project' ? chosen.project.repository : chosen.repository;
    const baseBranch = text('baseBranch') || defaultBranch();
    if (baseBranch) options.baseBranch = baseBranch;
    options.network = data.get('network') === 'on' ? 'on' : 'off';
    return { cardId: props.card.id, workflow: chosenWorkflow.id, options };
  };
  const submit = (): void => {
    const current = request();
    if (current === undefined) return;
    const chosen = target();
    if (chosen?.kind === 'project' && chosen.project.id !== props.card.projectId) props.assignProject(chosen.project.id);
    props.start(current);
  };
  const check = (): void => {
    const current = request();
    if (current !== undefined) props.check?.(current);
  };
  onMount(check);
  /** A name picked from a problem's choices goes into its field, and the form is checked again. */
  const choose = (problem: PreflightProblem, value: string): void => {
    const names = problem.field === 'model' ? ['model'] : problem.field === 'baseBranch' ? ['baseBranch'] : problem.field === 'personas' ? (problem.roles ?? []).map((role) => `persona-${role}`) : [];
    for (const name of names) {
      const input = form?.querySelector<HTMLInputElement>(`[name="${name}"]`);
      if (input) input.value = value;
    }
    check();
  };
  const problems = (): readonly PreflightProblem[] => props.problems ?? [];
  const fixes: PreflightFixActions = {
    openSettings: (target) => props.fixes?.openSettings(target),
    copy: (text) => props.fixes?.copy(text) ?? Promise.resolve(false),
    choose,
  };

  return (
    <form
      ref={form}
      class="run-start"
      aria-labelledby="run-start-heading"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
      onChange={() => check()}
    >
      <h3 id="run-start-heading" class="section-title">
        Run with agents
      </h3>
      <div class="segmented" role="radiogroup" aria-label="Workflow">
        <For each={props.workflows}>
          {(option) => (
            <label class="segmented-option" classList={{ 'segmented-selected': workflow() === option.id }} title={option.description}>
              <input type="radio" name="workflow" value={option.id} checked={workflow() === option.id} onChange={() => setWorkflow(option.id)} />
              {option.label}
            </label>
          )}
        </For>
      </div>
      <Show when={current()} fallback={<p class="field-hint run-error" role="status">This host offers no workflows to run.</p>}>
        {(shown) => <p class="field-hint run-workflow-description">{shown().description}</p>}
      </Show>
      <Show
        when={!props.demo}
        fallback={
          <div class="field">
            <span class="field-label field-label-small">Agents</span>
            <p class="locked-choice" data-testid="demo-model">
              <span class="badge badge-accent">{props.demo?.label}</span>
              <span class="field-hint">Every agent here is a scripted model. To use a real one, start Kanbots without the demo and add a key in Settings.</span>
            </p>
          </div>
        }
      >
      <div class="field-row">
        <label class="field">
          <span class="field-label field-label-small">Provider</span>
          <select class="text-input" name="provider" value={provider()} onChange={(event) => setProvider(RUN_PROVIDERS.find((option) => option.id === event.currentTarget.value)?.id ?? 'anthropic')}>
            <For each={RUN_PROVIDERS}>{(option) => <option value={option.id}>{option.label}</option>}</For>
          </select>
        </label>
        <label class="field">
          <span class="field-label field-label-small">Model</span>
          <input class="text-input mono" name="model" placeholder={defaultModelOf(props.settings, provider()) || 'default'} value={defaultModelOf(props.settings, provider())} />
        </label>
      </div>
      <PreflightProblems problems={problems()} field="provider" actions={fixes} />
      <PreflightProblems problems={problems()} field="model" actions={fixes} />
      </Show>
      <For each={numberOptions()}>
        {(option) => (
          <label class="field">
            <span class="field-label field-label-small">{option.label}</span>
            <input class="text-input" type="number" name={option.key} min={option.min} max={option.max} value={optionStart(option, props.settings) ?? ''} />
          </label>
        )}
      </For>
      <Show when={current()?.options.find((option) => option.kind === 'steps')}>
        {(option) => (
        <label class="field">
          <span class="field-label field-label-small">{option().label}</span>
          <input class="text-input mono" name="steps" value={steps()} onInput={(event) => setSteps(event.currentTarget.value)} />
          <span class="field-hint">Roles in order, separated by commas.</span>
          <Show when={stepsProblem()}>{(problem) => <span class="run-error" role="alert">{problem()}</span>}</Show>
        </label>
        )}
      </Show>
      <fieldset class="field-group">
        <legend class="field-label">Personas</legend>
        <div class="field-row field-row-wrap">
          <For each={rolesOf(current(), stepList())}>
            {(role) => (
              <div class="field persona-choice">
                <label class="field">
                  <span class="field-label field-label-small">{role}</span>
                  <input class="text-input mono" name={`persona-${role}`} value={personaStart(current(), role, projectPersona(role), props.settings)} />
                </label>
                <Show when={!props.demo}>
                  <label class="field">
                    <span class="field-label field-label-small">{role}'s model</span>
                    <input class="text-input mono" name={`model-${role}`} value={projectModel(role)} placeholder="as above" spellcheck={false} />
                  </label>
                </Show>
              </div>
            )}
          </For>
        </div>
        <PreflightProblems problems={problems()} field="personas" actions={fixes} />
      </fieldset>
      <div class="field-row">
        <label class="field field-grow">
          <span class="field-label field-label-small">Project</span>
          <select
            class="text-input"
            name="project"
            data-testid="run-project"
            onChange={(event) => {
              setChosenTarget(Number(event.currentTarget.value));
              const branch = form?.elements.namedItem('baseBranch');
              if (branch instanceof HTMLInputElement) branch.value = defaultBranch();
              check();
            }}
          >
            <Show when={targetIndex() < 0}>
              <option value="-1" selected disabled>
                Choose a project…
              </option>
            </Show>
            <For each={targets().choices}>
              {(choice, index) => (
                <option value={index()} selected={index() === targetIndex()}>
                  {choice.kind === 'project' ? choice.project.name : `${choice.repository} (this card’s own)`}
                </option>
              )}
            </For>
          </select>
        </label>
        <label class="field">
          <span class="field-label field-label-small">From branch</span>
          <input class="text-input mono" name="baseBranch" data-testid="run-base-branch" placeholder={defaultBranch() || 'main'} value={defaultBranch()} />
        </label>
      </div>
      <PreflightProblems problems={problems()} field="repository" actions={fixes} />
      <PreflightProblems problems={problems()} field="baseBranch" actions={fixes} />
      <Show when={target()?.kind === 'project' ? (target() as { project: Project }).project.repository : undefined}>
        {(repository) => <span class="field-hint mono run-target-path">{repository()}</span>}
      </Show>
      <Show when={targetProblem()}>
        {(problem) => (
          <p class="field-hint run-target-problem" role="status">
            {problem()}{' '}
            <button type="button" class="button button-small" onClick={() => props.addProject()}>
              Add a project
            </button>
          </p>
        )}
      </Show>
      <label class="checkbox">
        <input type="checkbox" name="network" checked={props.settings?.toolPolicy.network === 'on'} /> Commands may use the network
        <span class="field-hint">Off: the agents' commands run with no network in the sandbox.</span>
      </label>
      <div class="panel-actions">
        <button type="submit" class="button button-primary" disabled={props.disabled || stepsProblem() !== undefined || target() === undefined || current() === undefined}>
          Run
        </button>
      </div>
    </form>
  );
};
