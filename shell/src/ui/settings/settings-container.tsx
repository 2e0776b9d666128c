import { type Component } from 'solid-js';
import { useAppState } from '../app-context.js';
import { copyText } from '../state/copy-text.js';
import { ProjectsSection } from '../projects/projects-section.js';
import { SettingsPanel } from './settings-panel.js';

/** Wires the settings panel to the settings store (container); reloads the settings and looks for the agent CLIs on open. */
export const SettingsContainer: Component<{ close: () => void }> = (props) => {
  const app = useAppState();
  void app.settings.load();
  void app.settings.loadAgents();
  return (
    <SettingsPanel
      view={app.settings.view()}
      save={async (patch) => {
        const saved = await app.settings.update(patch);
        if (saved) app.toasts.show('info', 'Settings saved.');
        return saved;
      }}
      saveSecret={async (name, value) => {
        const saved = await app.settings.setSecret(name, value);
        if (saved) app.toasts.show('info', 'Key saved.');
        return saved;
      }}
      removeSecret={(name) => void app.settings.deleteSecret(name)}
      enableNotifications={() => app.notifications.requestPermission()}
      close={props.close}
      agents={app.settings.agents()}
      refreshAgents={() => void app.settings.loadAgents()}
      testProvider={(provider) => app.settings.testProvider(provider)}
      copy={copyText}
      workflows={app.workflows()}
      projects={
        <ProjectsSection
          projects={app.projects.projects()}
          cardCount={(projectId) => app.board.board()?.cards.filter((card) => card.projectId === projectId).length ?? 0}
          branches={async (repository) => {
            const check = await app.projects.check(repository);
            return check.ok ? check.branches : undefined;
          }}
          update={async (projectId, patch) => {
            const saved = await app.projects.update(projectId, patch);
            if (saved) app.toasts.show('info', 'Project saved.');
            return saved;
          }}
          remove={async (projectId) => {
            const name = app.projects.project(projectId)?.name ?? 'the project';
            const removed = await app.projects.remove(projectId);
            if (removed) app.toasts.show('info', `Project “${name}” removed.`);
            return removed;
          }}
          worktreeSettings={{ read: (repository) => app.worktrees.readSettings(repository), write: (repository, settings) => app.worktrees.writeSettings(repository, settings) }}
          addProject={() => {
            props.close();
            app.projects.openPicker();
          }}
        />
      }
      target={app.settings.opening()?.target}
    />
  );
};
