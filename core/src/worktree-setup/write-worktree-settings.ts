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
  const before = await readFile(path, 'utf8').catch(() => undefined);
  const existing = before === undefined ? {} : file.endsWith('.json') ? (JSON.parse(before) as Record<string, unknown>) : (parseToml(before) as Record<string, unknown>);
  const { worktrees: _previous, ...others } = existing;
  const minimal = withoutDefaults(checked.data);
  const content: Record<string, unknown> = Object.keys(minimal).length === 0 ? others : { ...others, worktrees: minimal };
  const text = file.endsWith('.json') ? `${JSON.stringify(content, null, 2)}\n` : (tomlEditedInPlace(before ?? '', minimal, content) ?? `${stringifyToml(content).trimEnd()}\n`);
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

const tableHeader = /^\s*\[\[?\s*([A-Za-z0-9_.-]+)\s*\]\]?\s*(#.*)?$/;

function isWorktreesTable(name: string): boolean {
  return name === 'worktrees' || name.startsWith('worktrees.');
}

/**
 * The TOML file with only its `[worktrees]` tables rewritten: every other line (comments, blank
 * lines, other sections, their order) stays as the user wrote it, and the comment lines inside the
 * worktrees tables stay under the same table header. The result is parsed again and must hold
 * exactly `expected`; when it does not (worktrees written as dotted keys or an inline table, say)
 * there is no in-place edit and the caller writes the whole file.
 */
function tomlEditedInPlace(before: string, minimal: Record<string, unknown>, expected: Record<string, unknown>): string | undefined {
  const lines = before.replace(/\r\n/g, '\n').split('\n');
  const kept: string[] = [];
  const comments = new Map<string, string[]>();
  let current: string | undefined;
  let insertAt: number | undefined;
  for (const line of lines) {
    const header = tableHeader.exec(line);
    if (header !== null) current = isWorktreesTable(header[1]!) ? header[1]! : undefined;
    if (current === undefined) {
      kept.push(line);
      continue;
    }
    insertAt ??= kept.length;
    const comment = header !== null ? header[2] : line.trim().startsWith('#') ? line.trim() : undefined;
    if (comment !== undefined) comments.set(current, [...(comments.get(current) ?? []), comment]);
  }
  const section = Object.keys(minimal).length === 0 ? [] : stringifyToml({ worktrees: minimal }).trimEnd().split('\n');
  const written = new Set<string>();
  const withComments = section.flatMap((line) => {
    const header = tableHeader.exec(line);
    if (header === null) return [line];
    written.add(header[1]!);
    return [line, ...(comments.get(header[1]!) ?? [])];
  });
  // Comments of a table that is no longer written stay where the section is.
  const orphans = [...comments.entries()].filter(([name]) => !written.has(name)).flatMap(([, lines]) => lines);
  const replacement = [...orphans, ...withComments];
  if (insertAt === undefined) {
    while (kept.length > 0 && kept.at(-1)!.trim() === '') kept.pop();
    if (replacement.length > 0) kept.push(...(kept.length === 0 ? [] : ['']), ...replacement);
  } else {
    kept.splice(insertAt, 0, ...replacement, ...(replacement.length > 0 && insertAt < kept.length ? [''] : []));
  }
  const text = `${kept.join('\n').replace(/\n{3,}/g, '\n\n').trim()}\n`;
  try {
    return canonical(parseToml(text)) === canonical(expected) ? text : undefined;
  } catch {
    return undefined;
  }
}

/** A value as JSON with its keys in order (smol-toml's tables have no prototype, so no deep-equal by prototype). */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner) && !(inner instanceof Date)
      ? Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0)))
      : inner,
  );
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
