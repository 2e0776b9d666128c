import { KanbotsError, type KanbotsErrorOptions } from '../errors.js';

/** A repository's worktree settings file cannot be read as settings (its path and the problems, in words). */
export class WorktreeSettingsError extends KanbotsError {
  override readonly name = 'WorktreeSettingsError';
  constructor(readonly file: string, readonly problems: readonly string[], options: KanbotsErrorOptions = {}) {
    super('worktree_settings_invalid', `The worktree settings in ${file} cannot be used: ${problems.join('; ')}`, {
      ...options,
      details: { ...options.details, file, problems: [...problems] },
    });
  }
}

/** Settings the editor asked to save break the schema or are not Kanbots' to change: nothing was written. */
export class WorktreeSettingsRejectedError extends KanbotsError {
  override readonly name = 'WorktreeSettingsRejectedError';
  constructor(readonly problems: readonly string[], options: KanbotsErrorOptions = {}) {
    super('worktree_settings_rejected', `The worktree settings were not saved: ${problems.join('; ')}`, {
      ...options,
      details: { ...options.details, problems: [...problems] },
    });
  }
}

/**
 * The project's setup script failed in a new worktree: it exited non-zero, was ended by a signal,
 * or ran past its timeout. Retryable: RETRY runs the setup again in the same worktree.
 */
export class SetupFailedError extends KanbotsError {
  override readonly name = 'SetupFailedError';
  constructor(
    readonly script: string,
    readonly outcome: { exitCode: number | null; signal: string | null; timedOut: boolean; timeoutSeconds: number },
    options: KanbotsErrorOptions = {},
  ) {
    super('setup_failed', `Setup failed: \`${shortScript(script)}\` ${outcomeWords(outcome)} — see output`, {
      retryable: true,
      ...options,
      details: { ...options.details, script, exitCode: outcome.exitCode, signal: outcome.signal, timedOut: outcome.timedOut },
    });
  }
}

function shortScript(script: string): string {
  const line = script.trim().split('\n')[0] ?? '';
  const more = script.trim().includes('\n') ? ' …' : '';
  return line.length > 60 ? `${line.slice(0, 59)}…` : `${line}${more}`;
}

function outcomeWords(outcome: { exitCode: number | null; signal: string | null; timedOut: boolean; timeoutSeconds: number }): string {
  if (outcome.timedOut) return `did not finish within ${outcome.timeoutSeconds} s`;
  if (outcome.exitCode !== null) return `exited ${outcome.exitCode}`;
  return `was stopped${outcome.signal === null ? '' : ` (${outcome.signal})`}`;
}
