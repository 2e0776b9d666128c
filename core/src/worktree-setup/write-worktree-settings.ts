import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parse as parseToml, stringify as stringifyToml } from 'smol-toml';
import { readWorktreeSettings } from './read-worktree-settings.js';
import { WorktreeSettingsRejectedError } from './worktree-setup-errors.js';
import { defaultPoolDiskBudgetMB, defaultSetupTimeoutSeconds, worktreeSettingsProblems, worktreeSettingsSchema, type LoadedWorktreeSettings, type WorktreeSettings, type WorktreeSettingsInput } from './worktree-settings.js';

/**
 * Writes a project's worktree settings to its repository, as the Settings → Projects editor asks:
 * checked with the schema first (a problem is a `WorktreeSettingsError` naming the field, and
 * nothing is written); into the file Kanbots reads, `.kanbots/config.json` when that is the one
 * there, else `.kanbots/config.toml`; the file's other sections kept; only what differs from the
 * defaults written; replaced atomically. Settings that come from Conductor's or Codex's files are
 * not Kanbots' to change: writing then is refused, saying which file they come from.
 */
export async function writeWorktreeSettings(repository: string, input: WorktreeSettingsInput): Promise<LoadedWorktreeSettings> {
  const checked = worktreeSettingsSchema.safeParse(input);
  if (!checked.success) throw new WorktreeSettingsRejectedError(worktreeSettingsProblems(checked.error));
  // A file Kanbots cannot read (WorktreeSettingsError) is the user's to fix: overwriting it could lose what is in it.
  const current = await readWorktreeSettings(repository);
  if (current.source.kind === 'conductor' || current.source.kind === 'codex') {
    const who = current.source.kind === 'conductor' ? 'Conductor' : 'Codex';
    throw new WorktreeSettingsRejectedError([
      `they come from ${who}'s ${current.source.file}, which Kanbots only reads; change them there, or add a .kanbots/config.toml to use Kanbots' own`,
    ]);
  }
  const file = current.source.file === '.kanbots/config.json' ? '.kanbots/config.json' : '.kanbots/config.toml';
  const path = join(repository, file);
  const existing = await readFile(path, 'utf8').then(
    (text) => (file.endsWith('.json') ? (JSON.parse(text) as Record<string, unknown>) : (parseToml(text) as Record<string, unknown>)),
    () => ({}) as Record<string, unknown>,
  );
  const { worktrees: _previous, ...others } = existing;
  const minimal = withoutDefaults(checked.data);
  const content: Record<string, unknown> = Object.keys(minimal).length === 0 ? others : { ...others, worktrees: minimal };
  const text = file.endsWith('.json') ? `${JSON.stringify(content, null, 2)}\n` : `${stringifyToml(content).trimEnd()}\n`;
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${randomUUID()}.tmp`;
  try {
    await writeFile(temporary, text, { mode: 0o644 });
    await rename(temporary, path);
  } finally {
    await rm(temporary, { force: true });
  }
  return readWorktreeSettings(repository);
}

/** The settings as a file shows them: what is left at its default is left out. */
export function withoutDefaults(settings: WorktreeSettings): Record<string, unknown> {
  const scripts = Object.fromEntries(Object.entries(settings.scripts).filter(([, value]) => value !== undefined));
  const pool: Record<string, number> = {};
  if (settings.pool.size !== 0) pool.size = settings.pool.size;
  if (settings.pool.diskBudgetMB !== defaultPoolDiskBudgetMB) pool.diskBudgetMB = settings.pool.diskBudgetMB;
  return {
    ...(settings.copy.length === 0 ? {} : { copy: settings.copy }),
    ...(settings.links.length === 0 ? {} : { links: settings.links }),
    ...(settings.linkMode === 'symlink' ? {} : { linkMode: settings.linkMode }),
    ...(settings.setupTimeoutSeconds === defaultSetupTimeoutSeconds ? {} : { setupTimeoutSeconds: settings.setupTimeoutSeconds }),
    ...(Object.keys(scripts).length === 0 ? {} : { scripts }),
    ...(Object.keys(pool).length === 0 ? {} : { pool }),
  };
}
