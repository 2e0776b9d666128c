import { For, Show, createMemo, createSignal, type Component } from 'solid-js';
import { useAppState } from '../app-context.js';
import { projectOfQuery, withProjectFilter } from '../state/card-filter.js';
import { chooseFolderInWindow, openInBrowser } from '../transport/neutralino-bridge.js';
import { FirstRun, type FirstRunProps } from './first-run.js';
import { ProjectPicker } from './project-picker.js';

/** "Add a project" wired to the project store (container): open while the store says so. */
export const ProjectPickerContainer: Component = () => {
  const app = useAppState();
  void app.projects.loadRecent();
  const inWindow = app.transportKind === 'neutralino';
  return (
    <ProjectPicker
      check={app.projects.check}
      recent={app.projects.recent()}
      chooseFolder={inWindow ? () => chooseFolderInWindow('Choose the repository of a project') : undefined}
      add={app.projects.add}
      added={(projectId) => {
        const project = app.projects.project(projectId);
        app.toasts.show('info', `Project “${project?.name ?? 'new'}” added.`);
        app.projects.closePicker(projectId);
      }}
      close={() => app.projects.closePicker()}
    />
  );
};

/** The header's project filter (shown once the board has two projects): writes `project:name` into the filter text. */
export const ProjectFilterSelect: Component = () => {
  const app = useAppState();
  const selected = createMemo(() => projectOfQuery(app.filter.query(), app.projects.projects())?.id ?? '');
  return (
    <Show when={app.projects.projects().length > 1}>
      <select
        class="text-input project-filter"
        aria-label="Show the cards of"
        onChange={(event) => {
          const project = app.projects.project(event.currentTarget.value || undefined);
          app.filter.setText(withProjectFilter(app.filter.text(), project?.name));
        }}
      >
        <option value="" selected={selected() === ''}>
          All projects
        </option>
        <For each={app.projects.projects()}>
          {(project) => (
            <option value={project.id} selected={selected() === project.id}>
              {project.name}
            </option>
          )}
        </For>
      </select>
    </Show>
  );
};

/**
 * The first-run screen (container), on a board with no cards and no projects: add a project,
 * set up an agent (Settings at its keys), or try the demo (started by the host next to this board,
 * opened in a new tab — or, in the desktop window, in the browser).
 */
export const FirstRunContainer: Component<{ openSettings: () => void }> = (props) => {
  const app = useAppState();
  const [demo, setDemo] = createSignal<FirstRunProps['demo']>({ state: 'idle' });
  const empty = createMemo(() => {
    const board = app.board.board();
    return app.board.source() === 'host' && board !== undefined && board.cards.length === 0 && board.projects.length === 0;
  });
  const tryDemo = async (): Promise<void> => {
    const inWindow = app.transportKind === 'neutralino';
    // Opened now, while the click still counts as the person's: a tab opened after the reply would be blocked.
    const tab = inWindow ? null : window.open('about:blank', '_blank');
    setDemo({ state: 'starting' });
    try {
      const { url } = await app.projects.startDemo();
      setDemo({ state: 'open', url });
      if (inWindow) await openInBrowser(url);
      else if (tab !== null) tab.location.href = url;
    } catch (error) {
      tab?.close();
      setDemo({ state: 'failed', message: error instanceof Error ? error.message : String(error) });
    }
  };
  return (
    <Show when={empty()}>
      <FirstRun addProject={() => app.projects.openPicker()} setUpAgent={props.openSettings} tryDemo={() => void tryDemo()} demo={demo()} />
    </Show>
  );
};
