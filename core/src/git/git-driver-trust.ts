import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { isDriverKey, type ConfigEntry } from './git-driver-overrides.js';
import type { GitSetting } from './git-safety.js';

/**
 * Trust on first use for the filter and merge drivers a repository's own configuration defines.
 * The first time Kanbots lists a repository's configuration (before any agent worked in it:
 * the first card's `git worktree add`), the drivers defined there are recorded as the user's;
 * later, only those exact entries (same file, key and value) are trusted. A driver an agent adds
 * or changes afterwards is neutralised for Kanbots' git, and shown at the gate as a change to the
 * git configuration.
 * The record lives in the data directory (`git-driver-trust.json`, mode 0600), keyed by the path
 * of the repository's configuration file.
 */

export interface DriverTrustAnswer {
  isTrusted(entry: ConfigEntry): boolean;
  /** The driver settings recorded for the repository, in the order git read them. */
  recorded: GitSetting[];
}

interface TrustFile {
  version: 1;
  repositories: Record<string, string[]>;
}

function entryId(file: string, entry: ConfigEntry): string {
  return `${file}\0${entry.key}\0${entry.value ?? ''}`;
}

/** The file an entry came from, as an absolute path (git prints `file:<path>`, relative to `cwd`). */
function originFile(cwd: string, origin: string): string {
  const path = origin.startsWith('file:') ? origin.slice('file:'.length) : origin;
  return isAbsolute(path) ? path : resolve(cwd, path);
}

const repositoryScopes = new Set(['local', 'worktree']);

export class DriverTrust {
  private content: TrustFile | undefined;
  private readOnly = false;

  /**
   * `path` of the record. Without one nothing is recorded, so no repository-scope driver is
   * trusted (a runner that cannot know what the repository had before an agent came, such as
   * the agent's own diff tool, trusts none).
   */
  constructor(private readonly path?: string) {
    if (path === undefined) this.readOnly = true;
  }

  /**
   * Records the repository's drivers if it is seen for the first time. Returns which of `entries`
   * are trusted, and the recorded driver settings (to put back what an agent changed).
   */
  trustOf(cwd: string, entries: readonly ConfigEntry[]): DriverTrustAnswer {
    const repositoryEntries = entries.filter((entry) => repositoryScopes.has(entry.scope));
    // git lists the repository's own config file first (an `include.path` key included), so the
    // first repository-scope entry names it.
    const first = repositoryEntries[0];
    const none: DriverTrustAnswer = { isTrusted: () => false, recorded: [] };
    if (first === undefined) return none;
    const repositoryKey = originFile(cwd, first.origin);
    const content = this.read();
    let trusted = content.repositories[repositoryKey];
    if (trusted === undefined) {
      if (this.readOnly) return none;
      trusted = repositoryEntries.filter((entry) => isDriverKey(entry.key)).map((entry) => entryId(originFile(cwd, entry.origin), entry));
      content.repositories[repositoryKey] = trusted;
      this.write(content);
    }
    const known = new Set(trusted);
    const recorded = trusted.map((id): GitSetting => {
      const [, key = '', value = ''] = id.split('\0');
      return [key, value];
    });
    return { isTrusted: (entry) => repositoryScopes.has(entry.scope) && known.has(entryId(originFile(cwd, entry.origin), entry)), recorded };
  }

  private read(): TrustFile {
    if (this.content !== undefined) return this.content;
    let content: TrustFile = { version: 1, repositories: {} };
    if (this.path !== undefined && existsSync(this.path)) {
      try {
        const parsed = JSON.parse(readFileSync(this.path, 'utf8')) as Partial<TrustFile>;
        if (parsed.version === 1 && typeof parsed.repositories === 'object' && parsed.repositories !== null) content = { version: 1, repositories: parsed.repositories };
      } catch {
        // An unreadable record is not replaced: nothing new is recorded, so every repository-scope driver stays neutralised.
        this.readOnly = true;
      }
    }
    this.content = content;
    return content;
  }

  private write(content: TrustFile): void {
    if (this.path === undefined) return;
    mkdirSync(dirname(this.path), { recursive: true });
    const temporary = `${this.path}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(content)}\n`, { mode: 0o600 });
    renameSync(temporary, this.path);
  }
}
