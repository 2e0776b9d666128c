import { KanbotsError, type KanbotsErrorOptions } from '../../errors.js';

/**
 * Errors raised by the built-in agent's tools. They are the model's to fix (a bad path, a missing
 * match), so the tools turn them into `isError` tool results rather than failing the agent.
 */

/** Why a path was refused. */
export type PathRefusalReason =
  | 'outside_worktree'
  | 'null_byte'
  | 'home_expansion'
  | 'git_internals'
  | 'unresolvable_symlink'
  | 'hard_link'
  | 'not_a_regular_file'
  /** A component became a symbolic link (or stopped being a directory) between the check and the open. */
  | 'path_changed';

/** A requested path does not stay inside the agent's worktree (or cannot be proven to). */
export class PathOutsideWorktreeError extends KanbotsError {
  override readonly name = 'PathOutsideWorktreeError';
  constructor(
    readonly requestedPath: string,
    readonly reason: PathRefusalReason,
    message: string,
    options: KanbotsErrorOptions = {},
  ) {
    super('path_outside_worktree', message, { ...options, details: { ...options.details, requestedPath, reason } });
  }
}

/** A tool was called in a way the model can correct: missing file, ambiguous match, binary file… */
export class ToolInputError extends KanbotsError {
  override readonly name = 'ToolInputError';
  constructor(
    readonly toolName: string,
    message: string,
    options: KanbotsErrorOptions = {},
  ) {
    super('tool_input', message, { ...options, details: { ...options.details, toolName } });
  }
}
