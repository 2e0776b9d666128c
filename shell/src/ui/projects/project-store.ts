import { sameRepository, type Project } from '@kanbots/core/model';
import type { RecentRepository, RepositoryCheck } from '@kanbots/core/protocol';
import { createSignal, type Accessor } from 'solid-js';
import type { BoardStore } from '../state/board-store.js';
import type { CommandSender } from '../transport/command-sender.js';

/**
 * The board's projects as the UI uses them: the list (part of the board), checking a folder,
 * the recent repositories, and adding, changing and removing a project (board commands, shown at
 * once and rolled back when the host refuses them).
 */
export interface ProjectStore {
  projects: Accessor<readonly Project[]>;
  project(projectId: string | undefined): Project | undefined;
  check(path: string): Promise<RepositoryCheck | { ok: false; path: string; problem: 'host'; message: string }>;
  recent: Accessor<readonly RecentRepository[]>;
  loadRecent(): Promise<void>;
  /** Resolves with the new project's id once the host accepted it (undefined when it refused: a toast says why). */
  add(project: { repository: string; name: string; baseBranch: string }): Promise<string | undefined>;
  update(projectId: string, patch: { name?: string; baseBranch?: string; agents?: Project['agents'] }): Promise<boolean>;
  remove(projectId: string): Promise<boolean>;
  /** Starts the scripted demo next to this board (once per host); resolves with its address. */
  startDemo(): Promise<{ url: string; label: string }>;
  /** Whether "Add a project" is open. */
  pickerOpen: Accessor<boolean>;
  /** Opens "Add a project"; `added` is told the new project's id (e.g. to put the open card in it). */
  openPicker(added?: (projectId: string) => void): void;
  /** Closes it; with the new project's id when one was added. */
  closePicker(projectId?: string): void;
}

const NO_PROJECTS: readonly Project[] = [];

export function createProjectStore(options: { send: CommandSender; board: BoardStore }): ProjectStore {
  const [recent, setRecent] = createSignal<readonly RecentRepository[]>([]);
  const [pickerOpen, setPickerOpen] = createSignal(false);
  let whenAdded: ((projectId: string) => void) | undefined;
  const projects = (): readonly Project[] => options.board.board()?.projects ?? NO_PROJECTS;
  return {
    projects,
    project: (projectId) => (projectId === undefined ? undefined : projects().find((project) => project.id === projectId)),
    async check(path) {
      try {
        return await options.send('repositories.check', { path });
      } catch (error) {
        return { ok: false, path, problem: 'host', message: `The host could not check this folder: ${error instanceof Error ? error.message : String(error)}` };
      }
    },
    recent,
    async loadRecent() {
      try {
        setRecent((await options.send('repositories.recent', {})).repositories);
      } catch {
        // Without the list the person types the path; nothing else depends on it.
      }
    },
    async add(project) {
      const accepted = await options.board.dispatch({ type: 'project.add', ...project });
      if (!accepted) return undefined;
      return projects().find((item) => sameRepository(item.repository, project.repository) && !item.id.startsWith('pending-'))?.id;
    },
    update: (projectId, patch) => options.board.dispatch({ type: 'project.update', projectId, patch }),
    remove: (projectId) => options.board.dispatch({ type: 'project.remove', projectId, detachCards: true }),
    startDemo: () => options.send('demo.start', {}),
    pickerOpen,
    openPicker(added) {
      whenAdded = added;
      setPickerOpen(true);
    },
    closePicker(projectId) {
      const added = whenAdded;
      whenAdded = undefined;
      setPickerOpen(false);
      if (projectId !== undefined) added?.(projectId);
    },
  };
}
