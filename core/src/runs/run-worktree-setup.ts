import { toErrorData } from '../errors.js';
import { freePortBase } from '../worktree-setup/port-ranges.js';
import { prepareWorktreeContents } from '../worktree-setup/prepare-worktree-contents.js';
import { readWorktreeSettings } from '../worktree-setup/read-worktree-settings.js';
import { runWorktreeScript } from '../worktree-setup/worktree-scripts.js';
import type { LiveRun } from './live-run.js';
import type { RunEffectsHost } from './run-effects.js';
import type { RunSetupSummary } from './run-record.js';
import { activity, checkpoint } from './run-stream.js';

/** The card keeps this much of a setup's output (the end of it, where the error is). */
export const setupOutputTailCharacters = 16 * 1024;

function tail(text: string): string {
  return text.length <= setupOutputTailCharacters ? text : text.slice(text.length - setupOutputTailCharacters);
}

/**
 * Makes a run's new worktree ready to work, between its creation and the first agent turn: the
 * project's settings read from the repository (Kanbots', else Conductor's or Codex's — the log says
 * which), ignored files copied, folders linked, then the setup script with its output streamed to
 * the card (`run.setup.*` events; the run's lifecycle is `settingUp` meanwhile). The worktree is
 * recorded `ready` only when all of that succeeded; a failure (`SetupFailedError`, retryable) fails
 * the run's preparing step, and RETRY — or a restart — does it again from the start.
 */
export async function setUpRunWorktree(host: RunEffectsHost, run: LiveRun, key: string, signal?: AbortSignal): Promise<void> {
  const entry = run.record.worktrees[key]!;
  const runId = run.record.id;
  const repository = (await host.options.worktrees.get(entry.worktreeId)).repository;
  const loaded = await readWorktreeSettings(repository);
  for (const note of loaded.notes) host.emit(activity(run, 'note', { worktree: key, settings: note }));
  const portBase = entry.portBase ?? freePortBase(host.usedPortBases());
  host.emit(checkpoint(run, 'setup.before'));
  let setup: RunSetupSummary | undefined;
  try {
    const prepared = await prepareWorktreeContents({
      git: host.options.worktrees.git,
      repository,
      worktree: entry.path,
      portBase,
      loaded,
      ...(signal === undefined ? {} : { signal }),
      onSetupStarted: (script) => {
        setup = { worktree: key, script, state: 'running', output: '' };
        run.setup = setup;
        run.lifecycle.send({ type: 'SETUP_STARTED', worktree: key, script });
        host.emit(activity(run, 'note', { worktree: key, setup: 'started', script }));
        host.emit({ type: 'run.setup.started', runId, worktree: key, script });
        host.refresh(run);
        host.emit(checkpoint(run, 'setup.started'));
      },
      onOutput: (stream, text) => {
        if (setup === undefined) return;
        // The script is running (the kill -9 tests die here, mid-setup).
        if (setup.output === '') host.emit(checkpoint(run, 'setup.output'));
        const clean = host.redactor.text(text);
        setup.output = tail(setup.output + clean);
        host.emit({ type: 'run.setup.output', runId, worktree: key, stream, text: clean });
      },
    });
    const copied = prepared.copied.copied.length;
    const linked = prepared.links.filter((link) => link.outcome !== 'skipped').map((link) => link.folder);
    if (copied > 0 || prepared.copied.skipped.length > 0 || linked.length > 0) {
      host.emit(activity(run, 'note', { worktree: key, copiedFiles: copied, notOverwritten: prepared.copied.skipped.map((skip) => skip.path), linked }));
    }
    for (const warning of prepared.warnings) host.emit(activity(run, 'note', { worktree: key, warning }));
    if (setup !== undefined && prepared.setup !== undefined) {
      entry.setup = { ...setup, state: 'done', durationMs: prepared.setup.durationMs };
      host.emit(activity(run, 'note', { worktree: key, setup: 'done', durationMs: prepared.setup.durationMs }));
      host.emit({ type: 'run.setup.ended', runId, worktree: key, ok: true, durationMs: prepared.setup.durationMs });
    }
    entry.ready = true;
    entry.portBase = portBase;
    await host.saveRecord(run.record);
    host.emit(checkpoint(run, 'setup.after'));
  } catch (error) {
    const data = toErrorData(error);
    if (setup !== undefined) {
      entry.setup = { ...setup, state: 'failed' };
      entry.portBase = portBase;
      await host.saveRecord(run.record);
      host.emit(activity(run, 'error', { worktree: key, setup: 'failed', error: data, output: setup.output.slice(-4096) }));
      host.emit({ type: 'run.setup.ended', runId, worktree: key, ok: false, error: data });
    }
    throw error;
  } finally {
    if (setup !== undefined) {
      delete run.setup;
      run.lifecycle.send({ type: 'SETUP_ENDED' });
      host.refresh(run);
    }
  }
}

/**
 * The project's archive script, in a run's worktree just before Kanbots removes it (merge,
 * discard). It never stands in the way of the removal or of the snapshot that keeps the work: a
 * failure, a timeout or unreadable settings are noted in the run's log, and the removal goes on.
 */
export async function archiveRunWorktree(host: RunEffectsHost, run: LiveRun, key: string): Promise<void> {
  const entry = run.record.worktrees[key];
  if (entry === undefined || entry.state !== 'active') return;
  try {
    const registered = await host.options.worktrees.get(entry.worktreeId);
    if (registered.state !== 'active') return;
    const { settings } = await readWorktreeSettings(registered.repository);
    const script = settings.scripts.archive;
    if (script === undefined) return;
    host.emit(checkpoint(run, 'archive.before'));
    const result = await runWorktreeScript(script, {
      repository: registered.repository,
      worktree: entry.path,
      portBase: entry.portBase ?? freePortBase(host.usedPortBases()),
      timeoutSeconds: settings.setupTimeoutSeconds,
    });
    const output = host.redactor.text(`${result.stdout}${result.stderr}`).slice(-4096);
    const ok = result.exitCode === 0 && !result.timedOut;
    host.emit(activity(run, ok ? 'note' : 'error', { worktree: key, archive: ok ? 'done' : 'failed', script, exitCode: result.exitCode, timedOut: result.timedOut, output }));
  } catch (error) {
    host.emit(activity(run, 'error', { worktree: key, archive: 'failed', error: toErrorData(error) }));
  }
}
