import type { ProjectWorktreeSettings, WorktreeSettingsInput, WorktreeView } from '@kanbots/core/protocol';
import { createSignal, type Accessor } from 'solid-js';
import type { CommandSender } from '../transport/command-sender.js';

/**
 * The Worktrees view's data: every worktree Kanbots made, with its card, state and disk use, read
 * when the view opens; removing one (the host commits its work to the branch first and keeps the
 * branch) reads the list again.
 */
export interface WorktreeStore {
  worktrees: Accessor<readonly WorktreeView[]>;
  totalBytes: Accessor<number>;
  /** Why the list could not be read (plain words), or undefined. */
  problem: Accessor<string | undefined>;
  load(): Promise<void>;
  /** Resolves with what the card's work is kept on, or undefined when the host refused (problem says why). */
  remove(id: string): Promise<{ branch: string; snapshotCommit?: string } | undefined>;
  /** A project's worktree settings (Settings → Projects); throws with the host's words. */
  readSettings(repository: string): Promise<ProjectWorktreeSettings>;
  /** Saves them to the repository's `.kanbots/config.toml`; throws with the host's words (nothing saved). */
  writeSettings(repository: string, settings: WorktreeSettingsInput): Promise<ProjectWorktreeSettings>;
}

export function createWorktreeStore(options: { send: CommandSender }): WorktreeStore {
  const [worktrees, setWorktrees] = createSignal<readonly WorktreeView[]>([]);
  const [totalBytes, setTotalBytes] = createSignal(0);
  const [problem, setProblem] = createSignal<string | undefined>(undefined);
  const load = async (): Promise<void> => {
    try {
      const listed = await options.send('worktrees.list', {});
      setWorktrees(listed.worktrees);
      setTotalBytes(listed.totalBytes);
      setProblem(undefined);
    } catch (error) {
      setProblem(`The host could not list the worktrees: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  return {
    worktrees,
    totalBytes,
    problem,
    load,
    readSettings: (repository) => options.send('worktreeSettings.read', { repository }),
    writeSettings: (repository, settings) => options.send('worktreeSettings.write', { repository, settings: settings as Record<string, unknown> }),
    async remove(id) {
      try {
        const result = await options.send('worktrees.remove', { id });
        await load();
        return result;
      } catch (error) {
        setProblem(error instanceof Error ? error.message : String(error));
        return undefined;
      }
    },
  };
}
