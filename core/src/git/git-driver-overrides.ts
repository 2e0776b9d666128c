import type { GitSetting } from './git-safety.js';

/**
 * Filter drivers (`filter.<name>.clean|smudge|process`) and merge drivers
 * (`merge.<name>.driver`) are programs git starts for paths that `.gitattributes` names them
 * for — during `add`, `status`, `diff`, checkout (`worktree add`, `merge --ff-only`) and
 * `merge-tree`. The repository's own configuration (local and per-worktree scope, includes
 * followed) is writable by an agent, so a driver defined or redefined there is neutralised for
 * Kanbots' git: a filter becomes "no filter" (content hashed as it is on disk), a merge driver
 * becomes git's own three-way text merge (`git merge-file`, conflicts reported as conflicts).
 * Drivers the user defined in the global or system configuration (git-lfs, typically) keep
 * working: a repository-scope redefinition of one of those is replaced by the user's value.
 * Repository-scope drivers that were already there when Kanbots first worked in the repository
 * (git-crypt and `git lfs install --local` write theirs there) are trusted too: see
 * git-driver-trust.ts. Only what appeared or changed since is neutralised.
 */

/** One entry of `git config --list --show-scope --show-origin -z`. */
export interface ConfigEntry {
  scope: string;
  /** Where git read it, as git prints it (`file:.git/config`, `command line:`…). */
  origin: string;
  key: string;
  /** Undefined for a key written without `=` (a boolean true). */
  value: string | undefined;
}

/** Parses `git config --list --show-scope --show-origin -z`: `scope NUL origin NUL key LF value NUL` records. */
export function parseConfigListing(output: string): ConfigEntry[] {
  const fields = output.split('\0');
  const entries: ConfigEntry[] = [];
  for (let index = 0; index + 2 < fields.length; index += 3) {
    const scope = fields[index]!;
    const origin = fields[index + 1]!;
    const record = fields[index + 2]!;
    const newline = record.indexOf('\n');
    entries.push(newline < 0 ? { scope, origin, key: record, value: undefined } : { scope, origin, key: record.slice(0, newline), value: record.slice(newline + 1) });
  }
  return entries;
}

/** True for the keys that define a filter or merge driver (or pick the default merge driver). */
export function isDriverKey(key: string): boolean {
  if (key.toLowerCase() === 'merge.default') return true;
  const parts = splitKey(key);
  return parts !== undefined && (parts.section === 'filter' || parts.section === 'merge');
}

/** Scopes only the user writes: an agent working in the repository cannot change them. */
const trustedScopes = new Set(['system', 'global']);

/** `section.subsection.key` → its parts (the subsection may hold dots); undefined without a subsection. */
function splitKey(key: string): { section: string; name: string; variable: string } | undefined {
  const first = key.indexOf('.');
  const last = key.lastIndexOf('.');
  if (first < 0 || last <= first) return undefined;
  return { section: key.slice(0, first).toLowerCase(), name: key.slice(first + 1, last), variable: key.slice(last + 1).toLowerCase() };
}

/** The built-in three-way merge as a merge-driver command: writes the result into %A, exits non-zero on conflicts. */
export const textMergeDriver = 'git merge-file --marker-size=%L %A %O %B';

const filterVariables = { clean: '', smudge: '', process: '', required: 'false' } as const;

/**
 * Command-scope settings that neutralise every driver the repository's own configuration defines,
 * except the entries `trust` accepts (unchanged since Kanbots first saw the repository); a driver
 * the agent changed gets its recorded value back.
 */
export function driverOverrides(entries: readonly ConfigEntry[], trust: { isTrusted(entry: ConfigEntry): boolean; recorded: readonly GitSetting[] } = { isTrusted: () => false, recorded: [] }): GitSetting[] {
  const untrusted = { filter: new Map<string, Set<string>>(), merge: new Set<string>() };
  const trusted = new Map<string, string>();
  let untrustedDefaultMerge = false;
  for (const entry of entries) {
    if (entry.scope === 'command') continue;
    const isTrusted = trustedScopes.has(entry.scope) || trust.isTrusted(entry);
    if (entry.key.toLowerCase() === 'merge.default') {
      if (isTrusted) trusted.set('merge.default', entry.value ?? 'true');
      else untrustedDefaultMerge = true;
      continue;
    }
    const parts = splitKey(entry.key);
    if (parts === undefined || (parts.section !== 'filter' && parts.section !== 'merge')) continue;
    const canonical = `${parts.section}.${parts.name}.${parts.variable}`;
    if (isTrusted) trusted.set(canonical, entry.value ?? 'true');
    else if (parts.section === 'merge') untrusted.merge.add(parts.name);
    else untrusted.filter.set(parts.name, (untrusted.filter.get(parts.name) ?? new Set<string>()).add(parts.variable));
  }
  // The recorded repository settings outrank the global ones, as the repository's file does in git.
  for (const [key, value] of trust.recorded) {
    const parts = splitKey(key);
    trusted.set(parts === undefined ? key.toLowerCase() : `${parts.section}.${parts.name}.${parts.variable}`, value);
  }
  const settings: GitSetting[] = [];
  for (const [name, variables] of untrusted.filter) {
    // Only what the repository set is overridden: an empty `process` would switch off a trusted
    // `clean`/`smudge` too (git then runs no filter), so it is set only when planted.
    for (const [variable, neutral] of Object.entries(filterVariables)) {
      if (variable !== 'required' && !variables.has(variable)) continue;
      settings.push([`filter.${name}.${variable}`, trusted.get(`filter.${name}.${variable}`) ?? neutral]);
    }
  }
  for (const name of untrusted.merge) {
    settings.push([`merge.${name}.driver`, trusted.get(`merge.${name}.driver`) ?? textMergeDriver]);
    settings.push([`merge.${name}.recursive`, trusted.get(`merge.${name}.recursive`) ?? 'text']);
  }
  if (untrustedDefaultMerge) settings.push(['merge.default', trusted.get('merge.default') ?? 'text']);
  return settings;
}
