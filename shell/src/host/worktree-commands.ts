import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ConflictError, NotFoundError, readWorktreeSettings, toErrorData, writeWorktreeSettings, emptyWorktreeSettings, type Kanbots, type LoadedWorktreeSettings, type RunSummary } from '@kanbots/core/internals';
import { implementCommand, type AnyCommandHandler, type ProjectWorktreeSettings, type WorktreeView } from '@kanbots/core/protocol';

const run = promisify(execFile);
const finished = new Set<RunSummary['status']>(['merged', 'discarded', 'cancelled']);

/**
 * The host's side of the Worktrees view: the registry's worktrees with their cards, the runs that
 * use them and their size on disk (`du -sk`, which counts a linked `node_modules` as a link), and a
 * removal that never loses work (snapshot first, branch kept, refused while a run uses it).
 */
export function createWorktreeCommandHandlers(kanbots: Pick<Kanbots, 'board' | 'worktrees' | 'runs' | 'pool'>): AnyCommandHandler[] {
  return [
    implementCommand('worktrees.list', async () => {
      const worktrees = await listWorktreeViews(kanbots);
      return { worktrees, totalBytes: worktrees.reduce((total, worktree) => total + (worktree.diskBytes ?? 0), 0) };
    }),
    implementCommand('worktreeSettings.read', async ({ repository }) => {
      const path = projectRepository(kanbots, repository);
      try {
        return settingsView(path, await readWorktreeSettings(path));
      } catch (error) {
        // A file Kanbots cannot use is shown read-only with what is wrong, never overwritten.
        const data = toErrorData(error);
        const file = typeof data.details?.file === 'string' ? data.details.file : undefined;
        return { repository: path, source: { kind: 'kanbots', ...(file === undefined ? {} : { file }) }, editable: false, settings: emptyWorktreeSettings(), notes: [], problem: data.message };
      }
    }),
    implementCommand('worktreeSettings.write', async ({ repository, settings }) => {
      const path = projectRepository(kanbots, repository);
      const written = settingsView(path, await writeWorktreeSettings(path, settings));
      // A pool asked for (or turned off) takes effect now, not at the next start.
      void kanbots.pool.watchRepository(path);
      return written;
    }),
    implementCommand('worktrees.remove', async ({ id }) => {
      const worktree = await kanbots.worktrees.get(id);
      const user = runOf(kanbots.runs.list(), worktree);
      if (user !== undefined && !finished.has(user.status)) {
        throw new ConflictError(`A run of this card is still using the worktree on ${worktree.branch}: finish or cancel it first`);
      }
      const result = await kanbots.worktrees.removeWorktree(id, { snapshot: true });
      return { branch: worktree.branch, ...(result.snapshotCommit === undefined ? {} : { snapshotCommit: result.snapshotCommit }) };
    }),
  ];
}

/** Only a project's repository is read or written: the editor never reaches another folder. */
function projectRepository(kanbots: Pick<Kanbots, 'board'>, repository: string): string {
  const project = kanbots.board.getBoard().projects.find((candidate) => candidate.repository === repository);
  if (project === undefined) throw new NotFoundError("Project with the repository", repository);
  return project.repository;
}

function settingsView(repository: string, loaded: LoadedWorktreeSettings): ProjectWorktreeSettings {
  return {
    repository,
    source: loaded.source,
    editable: loaded.source.kind === 'kanbots' || loaded.source.kind === 'none',
    settings: loaded.settings,
    notes: loaded.notes,
  };
}

function runOf(runs: readonly RunSummary[], worktree: { id: string; owner?: string | undefined }): RunSummary | undefined {
  const owner = worktree.owner?.split('/')[0];
  return runs.find((summary) => summary.worktrees.some((entry) => entry.worktreeId === worktree.id) || summary.id === owner);
}

export async function listWorktreeViews(kanbots: Pick<Kanbots, 'board' | 'worktrees' | 'runs'>): Promise<WorktreeView[]> {
  const cards = kanbots.board.getBoard().cards;
  const runs = kanbots.runs.list();
  const registered = (await kanbots.worktrees.list()).filter((worktree) => worktree.state !== 'removed').sort((a, b) => b.createdAt - a.createdAt);
  return Promise.all(
    registered.map(async (worktree): Promise<WorktreeView> => {
      const user = runOf(runs, worktree);
      const title = cards.find((card) => card.id === worktree.cardId)?.title;
      return {
        id: worktree.id,
        cardId: worktree.cardId,
        ...(title === undefined ? {} : { cardTitle: title }),
        repository: worktree.repository,
        path: worktree.path,
        branch: worktree.branch,
        baseBranch: worktree.baseBranch,
        state: worktree.state,
        inUse: user !== undefined && !finished.has(user.status),
        ...(user === undefined ? {} : { runStatus: user.status }),
        diskBytes: await diskBytes(worktree.path),
        createdAt: worktree.createdAt,
      };
    }),
  );
}

async function diskBytes(path: string): Promise<number | null> {
  try {
    const { stdout } = await run('du', ['-sk', path]);
    const kilobytes = Number(stdout.split('\t')[0]);
    return Number.isFinite(kilobytes) ? kilobytes * 1024 : null;
  } catch {
    return null;
  }
}
