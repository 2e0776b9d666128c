/**
 * What the sandbox of `run_command` is, as plain data: the user's choice (`mode`), the run's
 * network switch, which OS mechanism ran a command (`kind`), and the file-system layout a command
 * sees. The platform files (`bubblewrap-arguments.ts`, `seatbelt-profile.ts`) turn a layout into
 * the arguments of their tool; `command-launch.ts` picks one.
 */

/**
 * `auto` (default): sandbox commands where the platform has a sandbox, run them unsandboxed (and
 * say so on the tool result) where it has none. `required`: refuse to run a command unsandboxed.
 * `off`: never sandbox (the process clean-up still applies).
 */
export const commandSandboxModes = ['auto', 'required', 'off'] as const;
export type CommandSandboxMode = (typeof commandSandboxModes)[number];

/** Network access of sandboxed commands; `off` by default. */
export const commandNetworkAccesses = ['off', 'on'] as const;
export type CommandNetworkAccess = (typeof commandNetworkAccesses)[number];

/** The OS mechanism a command ran under (`none`: not sandboxed). */
export type SandboxKind = 'bubblewrap' | 'seatbelt' | 'none';

export interface CommandSandboxOptions {
  /** Default `auto`. */
  mode?: CommandSandboxMode;
  /** Default `off`. */
  network?: CommandNetworkAccess;
  /**
   * More directories commands must not see (the Kanbots data and configuration directories of
   * this process are always hidden; so is the user's home).
   */
  hiddenPaths?: readonly string[];
}

/** How a command was actually run, reported on every result. */
export interface CommandSandboxReport {
  kind: SandboxKind;
  /** Only meaningful when `kind` is not `none`. */
  network: CommandNetworkAccess;
  /** Plain words for the card when the command was not sandboxed (why, and what to do). */
  notice?: string;
}

/**
 * The file system of a sandboxed command. Every path is absolute and real (symlinks resolved).
 * Mounted in this order, later entries on top of earlier ones: system directories and `readOnly`
 * read-only, `home` and `/tmp` as empty private directories, `hidden` as empty directories,
 * `writable` read-write, `readOnlyOverlays` read-only again on top.
 */
export interface SandboxLayout {
  /** The working directory, read-write. */
  worktree: string;
  /** The user's home, replaced by an empty private directory (also the command's HOME). */
  home: string;
  /** Directories a command reads but never writes: toolchains on PATH outside the system directories, the git common dir. */
  readOnly: string[];
  /** Directories that must stay invisible even where a read-only directory contains them. */
  hidden: string[];
  /** Read-write besides the worktree: only what git needs to commit in a linked worktree. */
  writable: string[];
  /** Files and directories inside writable ones that stay read-only (`.git` pointers, git config, hooks). */
  readOnlyOverlays: string[];
  /** Extra environment for the command (the git identity the hidden home would have given). */
  environment: Record<string, string>;
}
