import { relative, sep } from 'node:path';
import type { GitConfigRole, GitConfigSnapshot, SnapshotEntry } from './git-config-snapshot.js';

/** What changed in a repository's git configuration, hooks and attributes since a snapshot, in plain words (pure). */

export interface GitConfigChange {
  role: GitConfigRole;
  /** Absolute path (stays on the host; `displayPath` is what people see). */
  path: string;
  /** `.git/config`, `.git/hooks/pre-commit`, `.husky/pre-commit`, `.gitattributes`… */
  displayPath: string;
  change: 'added' | 'removed' | 'modified';
  /** One sentence, e.g. `core.hooksPath set to ".agent-hooks"` or `hook pre-commit added`. */
  description: string;
}

/**
 * Settings of a git config file as `section[.subsection].key` → value pairs, in file order: a
 * display parser, not git's (section names lowercased, keys as written, e.g. `core.hooksPath`).
 */
export function parseGitConfigText(text: string): [string, string][] {
  const settings: [string, string][] = [];
  let section = '';
  const lines = text.replace(/\\\r?\n/g, '').split(/\r?\n/);
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[\s*([^\]\s"]+)(?:\s+"((?:[^"\\]|\\.)*)")?\s*\](.*)$/.exec(line);
    if (header) {
      const [name = '', ...legacy] = header[1]!.split('.');
      section = [name.toLowerCase(), ...(header[2] === undefined ? legacy : [header[2].replace(/\\(.)/g, '$1')])].join('.');
      if (header[3]!.trim() === '') continue;
    }
    const assignment = /^([A-Za-z][A-Za-z0-9-]*)\s*(?:=\s*(.*))?$/.exec(header ? header[3]!.trim() : line);
    if (!assignment) continue;
    settings.push([`${section}.${assignment[1]!}`, unquote(assignment[2] ?? 'true')]);
  }
  return settings;
}

function unquote(value: string): string {
  let result = '';
  let quoted = false;
  for (let index = 0; index < value.length; index += 1) {
    const character = value[index]!;
    if (character === '\\' && index + 1 < value.length) {
      const next = value[++index]!;
      result += next === 'n' ? '\n' : next === 't' ? '\t' : next;
    } else if (character === '"') quoted = !quoted;
    else if (!quoted && (character === '#' || character === ';')) break;
    else result += character;
  }
  return result.trim();
}

function decode(entry: SnapshotEntry | undefined): string {
  return entry?.content === undefined ? '' : Buffer.from(entry.content, 'base64').toString('utf8');
}

/** `key value` settings that differ between two versions of a config file, as sentences. */
export function describeConfigDifference(before: string, after: string): string[] {
  const group = (settings: [string, string][]) => {
    const map = new Map<string, string[]>();
    for (const [key, value] of settings) map.set(key, [...(map.get(key) ?? []), value]);
    return map;
  };
  const old = group(parseGitConfigText(before));
  const now = group(parseGitConfigText(after));
  const sentences: string[] = [];
  for (const [key, values] of now) {
    const previous = old.get(key);
    const shown = values.map((value) => JSON.stringify(value)).join(', ');
    if (previous === undefined) sentences.push(`${key} set to ${shown}`);
    else if (previous.join('\0') !== values.join('\0')) sentences.push(`${key} changed from ${previous.map((value) => JSON.stringify(value)).join(', ')} to ${shown}`);
  }
  for (const key of old.keys()) if (!now.has(key)) sentences.push(`${key} removed`);
  return sentences;
}

function displayPathOf(snapshot: GitConfigSnapshot, path: string): string {
  const inGitDirectory = relative(snapshot.gitDirectory, path);
  if (!inGitDirectory.startsWith('..')) return ['.git', ...inGitDirectory.split(sep)].join('/');
  const inCheckout = relative(snapshot.repository, path);
  return inCheckout.startsWith('..') ? path : inCheckout.split(sep).join('/');
}

const nothing: SnapshotEntry['state'] = 'absent';

/** The changes from `snapshot` to `current` (the same files captured again, plus any new file in the hooks folders). */
export function compareGitConfig(snapshot: GitConfigSnapshot, current: readonly SnapshotEntry[]): GitConfigChange[] {
  const before = new Map(snapshot.entries.map((entry) => [entry.path, entry]));
  const changes: GitConfigChange[] = [];
  for (const now of current) {
    const then = before.get(now.path);
    const thenState = then?.state ?? nothing;
    if (thenState === now.state && then?.hash === now.hash) continue;
    if (thenState === 'absent' && now.state === 'absent') continue;
    const change: GitConfigChange['change'] = thenState === 'absent' ? 'added' : now.state === 'absent' ? 'removed' : 'modified';
    const displayPath = displayPathOf(snapshot, now.path);
    const name = displayPath.split('/').pop() ?? displayPath;
    const base = { role: now.role, path: now.path, displayPath, change };
    if (now.role === 'config') {
      const sentences = describeConfigDifference(decode(then), decode(now));
      for (const description of sentences.length > 0 ? sentences : [`${displayPath} ${change === 'modified' ? 'rewritten' : change}`]) changes.push({ ...base, description });
    } else if (now.role === 'hooks') {
      const link = now.state === 'symlink' ? ` (a link to ${now.target ?? 'elsewhere'})` : '';
      changes.push({ ...base, description: `hook ${name} ${change === 'modified' ? 'changed' : change}${link} (${displayPath})` });
    } else {
      changes.push({ ...base, description: `${displayPath} ${change === 'modified' ? 'changed' : change}` });
    }
  }
  return changes;
}

/** "The agent changed your git configuration: …" — one paragraph for the gate. */
export function describeGitConfigChanges(changes: readonly GitConfigChange[]): string {
  if (changes.length === 0) return '';
  return `The agent changed your git configuration: ${changes.map((change) => change.description).join('; ')}.`;
}
