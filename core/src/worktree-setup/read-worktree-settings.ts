import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { z } from 'zod';
import { WorktreeSettingsError } from './worktree-setup-errors.js';
import { emptyWorktreeSettings, projectConfigSchema, worktreeSettingsSchema, type LoadedWorktreeSettings, type WorktreeSettings } from './worktree-settings.js';

/**
 * Reads a repository's worktree settings from its top level: Kanbots' own `.kanbots/config.toml`
 * or `.kanbots/config.json` (both at once is an error: which one is meant?). Without them,
 * Conductor's `.conductor/settings.toml` (then its older `conductor.json`) or Codex's
 * `.codex/environments/environment.toml` give the setup, run and archive scripts, and the notes
 * say so. Kanbots' own file is validated strictly (a typo is an error, not silently ignored);
 * the others are read for what Kanbots understands of them.
 */
export async function readWorktreeSettings(repository: string, platform: NodeJS.Platform = process.platform): Promise<LoadedWorktreeSettings> {
  const toml = await readOptional(repository, '.kanbots/config.toml');
  const json = await readOptional(repository, '.kanbots/config.json');
  if (toml !== undefined && json !== undefined) {
    throw new WorktreeSettingsError('.kanbots/config.toml', ['.kanbots/config.json exists too; keep one of the two']);
  }
  if (toml !== undefined || json !== undefined) {
    const file = toml !== undefined ? '.kanbots/config.toml' : '.kanbots/config.json';
    const parsed = projectConfigSchema.safeParse(parseFile(file, (toml ?? json)!));
    if (!parsed.success) throw new WorktreeSettingsError(file, problemsOf(parsed.error));
    return { settings: parsed.data.worktrees ?? emptyWorktreeSettings(), source: { kind: 'kanbots', file }, notes: [`Worktree settings read from ${file}`] };
  }
  for (const file of ['.conductor/settings.toml', 'conductor.json']) {
    const text = await readOptional(repository, file);
    if (text === undefined) continue;
    const scripts = conductorSchema.safeParse(parseFile(file, text));
    if (!scripts.success) throw new WorktreeSettingsError(file, problemsOf(scripts.error));
    return foreign('conductor', file, scripts.data.scripts ?? {});
  }
  const codexFile = '.codex/environments/environment.toml';
  const codex = await readOptional(repository, codexFile);
  if (codex !== undefined) {
    const environment = codexSchema.safeParse(parseFile(codexFile, codex));
    if (!environment.success) throw new WorktreeSettingsError(codexFile, problemsOf(environment.error));
    return foreign('codex', codexFile, codexScripts(environment.data, platform));
  }
  return { settings: emptyWorktreeSettings(), source: { kind: 'none' }, notes: [] };
}

const optionalScript = z.string().optional().transform((value) => (value === undefined || value.trim() === '' ? undefined : value));

/** Conductor: `[scripts] setup / run / archive` (settings.toml), `{ "scripts": { … } }` (conductor.json). */
const conductorSchema = z.looseObject({
  scripts: z.looseObject({ setup: optionalScript, run: optionalScript, archive: optionalScript }).optional(),
});

const codexScriptTable = z.looseObject({ script: optionalScript });

/**
 * Codex's local environment: `[setup] script` (with per-platform tables such as `[setup.linux]`
 * overriding it), `[cleanup] script` (run before a worktree is removed), `[[actions]]` with
 * `name` and `command` (the one with `icon = "run"`, or named Run, is the dev server).
 */
const codexSchema = z.looseObject({
  setup: codexScriptTable.optional(),
  cleanup: codexScriptTable.optional(),
  actions: z.array(z.looseObject({ name: z.string().optional(), icon: z.string().optional(), command: optionalScript, platform: z.string().optional() })).optional(),
});

const platformNames: Partial<Record<NodeJS.Platform, string[]>> = {
  linux: ['linux'],
  darwin: ['macos', 'darwin', 'mac'],
  win32: ['windows', 'win32'],
};

function codexScripts(environment: z.output<typeof codexSchema>, platform: NodeJS.Platform): { setup?: string | undefined; run?: string | undefined; archive?: string | undefined } {
  const names = platformNames[platform] ?? [platform];
  const forPlatform = (table: Record<string, unknown> | undefined): string | undefined => {
    for (const name of names) {
      const override = codexScriptTable.safeParse(table?.[name]);
      if (override.success && override.data.script !== undefined) return override.data.script;
    }
    return (table as { script?: string } | undefined)?.script;
  };
  const actions = (environment.actions ?? []).filter((action) => action.command !== undefined && (action.platform === undefined || names.includes(action.platform)));
  const run = actions.find((action) => action.icon === 'run') ?? actions.find((action) => action.name?.trim().toLowerCase() === 'run');
  return { setup: forPlatform(environment.setup), run: run?.command, archive: forPlatform(environment.cleanup) };
}

function foreign(kind: 'conductor' | 'codex', file: string, scripts: { setup?: string | undefined; run?: string | undefined; archive?: string | undefined }): LoadedWorktreeSettings {
  const defined = Object.fromEntries(Object.entries(scripts).filter(([, value]) => value !== undefined));
  const settings: WorktreeSettings = worktreeSettingsSchema.parse({ scripts: defined });
  const who = kind === 'conductor' ? 'Conductor' : 'Codex';
  const names = Object.keys(defined);
  const what = names.length === 0 ? 'no scripts' : `the ${names.join(', ')} script${names.length === 1 ? '' : 's'}`;
  return { settings, source: { kind, file }, notes: [`No Kanbots worktree settings: using ${what} of ${who}'s ${file}`] };
}

function parseFile(file: string, text: string): unknown {
  try {
    return file.endsWith('.toml') ? parseToml(text) : JSON.parse(text);
  } catch (error) {
    throw new WorktreeSettingsError(file, [`it is not valid ${file.endsWith('.toml') ? 'TOML' : 'JSON'} (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`], { cause: error });
  }
}

function problemsOf(error: z.ZodError): string[] {
  return error.issues.slice(0, 5).map((issue) => `${issue.path.length === 0 ? 'the file' : issue.path.join('.')}: ${issue.message}`);
}

async function readOptional(repository: string, file: string): Promise<string | undefined> {
  try {
    return await readFile(join(repository, file), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
    throw error;
  }
}
