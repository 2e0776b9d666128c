import { z } from 'zod';

/**
 * A project's worktree settings: what a new worktree gets besides the checkout of its branch.
 * Read from the repository (`.kanbots/config.toml` or `.kanbots/config.json`, key `worktrees`;
 * see docs/worktrees.md), or translated from Conductor's or Codex's files when those are all a
 * repository has (read-worktree-settings.ts).
 */

/** A path inside the repository, relative to its top level, never leaving it. */
const repositoryFolderSchema = z
  .string()
  .trim()
  .min(1)
  .refine((path) => !path.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(path), 'must be relative to the repository (no leading "/")')
  .refine((path) => !path.split(/[\\/]/).includes('..'), 'must stay inside the repository (no "..")')
  .refine((path) => !/[*?[\]]/.test(path), 'must name one folder (no wildcards)')
  .transform((path) => path.replace(/\\/g, '/').replace(/\/+$/, '').replace(/^\.\//, ''));

/** A line in `.gitignore` syntax (as in `.worktreeinclude`). */
const includePatternSchema = z.string().trim().min(1).refine((line) => !line.includes('\n'), 'one pattern per entry');

const scriptSchema = z.string().trim().min(1);

/**
 * How an allowlisted folder reaches a worktree: `symlink` (one copy on disk for every worktree;
 * the link is excluded from git), `reflink` (a copy-on-write clone where the file system has
 * them — Btrfs, XFS, APFS — a plain copy elsewhere), `copy` (a plain copy).
 */
export const linkModes = ['symlink', 'reflink', 'copy'] as const;
export type LinkMode = (typeof linkModes)[number];

export const defaultSetupTimeoutSeconds = 900;
export const maximumPoolSize = 8;
export const defaultPoolDiskBudgetMB = 4096;

export const worktreeSettingsSchema = z.strictObject({
  /**
   * More patterns in `.worktreeinclude` syntax, applied after that file's: an ignored file of the
   * repository matching them is copied into each new worktree (never over an existing file).
   */
  copy: z.array(includePatternSchema).max(200).default([]),
  /** Folders of the repository (e.g. `node_modules`) each worktree gets by `linkMode`. */
  links: z.array(repositoryFolderSchema).max(50).default([]),
  linkMode: z.enum(linkModes).default('symlink'),
  scripts: z
    .strictObject({
      /** Runs in each new worktree before the first agent turn. */
      setup: scriptSchema.optional(),
      /** The card's dev server, started and stopped from the card. */
      run: scriptSchema.optional(),
      /** Runs in a worktree before Kanbots removes it. */
      archive: scriptSchema.optional(),
    })
    .default({}),
  setupTimeoutSeconds: z
    .number({ message: 'must be a whole number of seconds' })
    .int('must be a whole number of seconds')
    .min(1, 'must be at least 1 second')
    .max(6 * 60 * 60, 'must be at most 6 hours (21600 seconds)')
    .default(defaultSetupTimeoutSeconds),
  /**
   * The warm pool: per base branch, `size` worktrees kept ready (created, copied, linked, set up)
   * so that a run starts in one at once. Off (`size` 0) unless the project asks for it; the pool's
   * worktrees together never use more than `diskBudgetMB` of disk.
   */
  pool: z
    .strictObject({
      size: z
        .number({ message: 'must be a whole number' })
        .int('must be a whole number')
        .min(0, 'must be 0 (off) or more')
        .max(maximumPoolSize, `must be at most ${maximumPoolSize}`)
        .default(0),
      diskBudgetMB: z
        .number({ message: 'must be a whole number of MB' })
        .int('must be a whole number of MB')
        .min(1, 'must be at least 1 MB')
        .max(10 * 1024 * 1024, 'must be at most 10 TB')
        .default(defaultPoolDiskBudgetMB),
    })
    .default({ size: 0, diskBudgetMB: defaultPoolDiskBudgetMB }),
});

export type WorktreeSettings = z.output<typeof worktreeSettingsSchema>;
export type WorktreeSettingsInput = z.input<typeof worktreeSettingsSchema>;

/** The whole `.kanbots/config.*` file: other sections may come; this reads `worktrees`. */
export const projectConfigSchema = z.looseObject({ worktrees: worktreeSettingsSchema.optional() });

/** Where a repository's settings came from, for the run's log and the project's settings. */
export type WorktreeSettingsSourceKind = 'kanbots' | 'conductor' | 'codex' | 'none';

export interface WorktreeSettingsSource {
  kind: WorktreeSettingsSourceKind;
  /** The file read, relative to the repository's top level. */
  file?: string;
}

export interface LoadedWorktreeSettings {
  settings: WorktreeSettings;
  source: WorktreeSettingsSource;
  /** Plain words for the log and the UI: which file was read (and what of it was not understood). */
  notes: string[];
}

export function emptyWorktreeSettings(): WorktreeSettings {
  return worktreeSettingsSchema.parse({});
}

/** Field problems in words: "links, line 2: must stay inside the repository (no "..")". */
export function worktreeSettingsProblems(error: z.ZodError): string[] {
  return error.issues.slice(0, 8).map((issue) => `${fieldWords(issue.path)}: ${issue.message}`);
}

const fieldNames: Record<string, string> = {
  copy: 'Copy list',
  links: 'Links',
  linkMode: 'How links are made',
  setupTimeoutSeconds: 'Setup timeout',
  'scripts.setup': 'Setup script',
  'scripts.run': 'Run script',
  'scripts.archive': 'Archive script',
  'pool.size': 'Warm pool size',
  'pool.diskBudgetMB': 'Warm pool disk budget',
};

function fieldWords(path: readonly PropertyKey[]): string {
  const names = path.filter((part): part is string => typeof part === 'string');
  const line = path.find((part): part is number => typeof part === 'number');
  const name = fieldNames[names.join('.')] ?? (names.join('.') || 'The settings');
  return line === undefined ? name : `${name}, line ${line + 1}`;
}
