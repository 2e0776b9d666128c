import { constants, copyFileSync, existsSync, linkSync, readdirSync, readFileSync, renameSync, unlinkSync } from 'node:fs';
import { basename, join } from 'node:path';
import { systemClock, type Clock } from '../ports/clock.js';
import { setAsideStamp } from './decode-document.js';
import { JsonDocument } from './json-document.js';
import { isStoreName, type KanbotsStore, type RunStep, type RunStore, type StoreContents, type StoredDocumentSpec, type StoredEnvelope, type StoredLines } from './kanbots-store.js';
import { RunStepQueue } from './run-step-queue.js';
import { StoreError } from './store-errors.js';
import { appendJsonLinesSync, parseJsonLines, writeJsonFileSync, writeTextFileSync } from './sync-json-files.js';
import { parseEnvelope } from './decode-document.js';

/**
 * The store as the JSON data directory of earlier Kanbots versions, one file per record:
 *   board.json, settings.json               documents `{ kind, schemaVersion, data }`, pretty-printed
 *   runs/<runId>/run.json                   the run record (with the workflow's snapshot)
 *   runs/<runId>/run.damaged.json           why the record was set aside
 *   runs/<runId>/git-config-snapshot.json   the repository's git configuration when the run started
 *   runs/<runId>/agents/<agentId>.json      an agent's persisted snapshot
 *   runs/<runId>/agents/<agentId>.tools.jsonl  its tool journal
 *   runs/<runId>/activity.jsonl             the activity log
 * Every write is atomic and fsynced (temp file, rename), run writes synchronously so they reach the
 * disk in the order they happened; a commit's files are written one after the other, so unlike the
 * database a commit is not all-or-nothing here. Kept for the migration into the database and for
 * a machine where the database module cannot load.
 */

export interface JsonStoreOptions {
  clock?: Clock;
  /** The document kinds `documentKinds` looks for (default `board`, `settings`). */
  documentKinds?: readonly string[];
}

const DEFAULT_DOCUMENT_KINDS = ['board', 'settings'];

export function openJsonStore(dataDir: string, options: JsonStoreOptions = {}): KanbotsStore {
  const clock = options.clock ?? systemClock;
  const documentOf = <T>(spec: StoredDocumentSpec<T>): JsonDocument<T> => new JsonDocument<T>(join(dataDir, `${checkedName(spec.kind)}.json`), { ...spec, clock });
  const plain = (kind: string): StoredDocumentSpec<unknown> => ({ kind, schema: undefined as never, version: Number.MAX_SAFE_INTEGER });
  const runs = new JsonRunStore(dataDir);
  return {
    dataDir,
    implementation: 'json',
    location: dataDir,
    readDocument: (spec) => documentOf(spec).read(),
    writeDocument: (spec, value) => documentOf(spec).write(value),
    documentKinds: async () => (options.documentKinds ?? DEFAULT_DOCUMENT_KINDS).filter((kind) => existsSync(join(dataDir, `${kind}.json`))),
    readEnvelope: (kind): Promise<StoredEnvelope | undefined> => documentOf(plain(kind)).readEnvelope(),
    writeEnvelope: (kind, envelope) => documentOf(plain(kind)).writeEnvelope(envelope),
    runs,
    readAll(): StoreContents {
      runs.flush();
      const kinds = (options.documentKinds ?? DEFAULT_DOCUMENT_KINDS).filter((kind) => existsSync(join(dataDir, `${kind}.json`)));
      const documents = kinds.flatMap((kind) => {
        try {
          const envelope = parseEnvelope(readFileSync(join(dataDir, `${kind}.json`), 'utf8'), kind);
          return [{ kind, schemaVersion: envelope.schemaVersion, data: envelope.data }];
        } catch {
          return []; // not a document: left to the next read, which sets it aside
        }
      });
      return {
        documents,
        runs: runs.list().map((runId) => {
          const { documents: names, streams } = runs.contents(runId);
          return {
            runId,
            documents: names.flatMap((name) => {
              const text = runs.readText(runId, name);
              return text === undefined ? [] : [{ name, text: text.trimEnd() }];
            }),
            lines: streams.flatMap((stream) => runs.readLines(runId, stream).values.map((value) => ({ stream, value }))),
          };
        }),
      };
    },
    async replaceAll(contents, now) {
      runs.flush();
      const stamp = setAsideStamp(now);
      const kept: string[] = [];
      for (const name of [...(options.documentKinds ?? DEFAULT_DOCUMENT_KINDS).map((kind) => `${kind}.json`), 'runs']) {
        const path = join(dataDir, name);
        if (!existsSync(path)) continue;
        renameSync(path, `${path}.replaced.${stamp}`);
        kept.push(`${name}.replaced.${stamp}`);
      }
      for (const document of contents.documents) await documentOf(plain(document.kind)).writeEnvelope({ schemaVersion: document.schemaVersion, data: document.data });
      for (const run of contents.runs) {
        runs.commit({ runId: run.runId, lines: run.lines });
        for (const document of run.documents) runs.writeText(run.runId, document.name, document.text);
      }
      return kept.length === 0 ? undefined : kept.map((name) => join(dataDir, name)).join(', ');
    },
    close: () => runs.flush(),
  };
}

function checkedName(name: string): string {
  if (!isStoreName(name)) throw new StoreError(name, 'write', `"${name}" cannot name a record in the store`, { code: 'store_bad_name' });
  return name;
}

class JsonRunStore implements RunStore {
  private readonly queued = new RunStepQueue((steps) => this.write(steps));

  constructor(private readonly dataDir: string) {}

  list(): string[] {
    const root = join(this.dataDir, 'runs');
    if (!existsSync(root)) return [];
    return readdirSync(root, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
  }

  contents(runId: string): { documents: string[]; streams: string[] } {
    const documents: string[] = [];
    const streams: string[] = [];
    const sort = (folder: string, prefix: string) => {
      if (!existsSync(folder)) return;
      for (const entry of readdirSync(folder, { withFileTypes: true })) {
        if (!entry.isFile()) continue;
        const name = entry.name;
        if (name.endsWith('.tools.jsonl')) streams.push(`tools/${name.slice(0, -'.tools.jsonl'.length)}`);
        else if (name.endsWith('.jsonl')) streams.push(`${prefix}${name.slice(0, -'.jsonl'.length)}`);
        else if (name.endsWith('.json')) documents.push(fileDocumentName(`${prefix}${name.slice(0, -'.json'.length)}`));
      }
    };
    sort(this.runDirectory(runId), '');
    sort(join(this.runDirectory(runId), 'agents'), 'agent/');
    return { documents: documents.sort(), streams: streams.sort() };
  }

  readText(runId: string, name: string): string | undefined {
    const path = this.documentPath(runId, name);
    try {
      return readFileSync(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new StoreError(path, 'read', `Could not read ${path}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }

  setAside(runId: string, name: string, now: number): string {
    const path = this.documentPath(runId, name);
    const stamp = setAsideStamp(now);
    for (let attempt = 0; attempt < 100; attempt += 1) {
      const target = `${path}.corrupt-${stamp}${attempt === 0 ? '' : `-${attempt}`}`;
      try {
        linkSync(path, target);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EEXIST') continue;
        try {
          copyFileSync(path, target, constants.COPYFILE_EXCL);
        } catch (copyError) {
          if ((copyError as NodeJS.ErrnoException).code === 'EEXIST') continue;
          throw new StoreError(path, 'rename', `Could not move ${path} aside: ${String(copyError)}`, { cause: copyError });
        }
      }
      unlinkSync(path);
      return basename(target);
    }
    throw new StoreError(path, 'rename', `Could not find a free name to move ${path} aside`);
  }

  readLines(runId: string, stream: string): StoredLines {
    const path = this.streamPath(runId, stream);
    if (!existsSync(path)) return { values: [], skipped: [] };
    return parseJsonLines(readFileSync(path, 'utf8'));
  }

  commit(step: RunStep): void {
    this.queued.commit(step);
  }

  queue(step: RunStep): void {
    this.queued.queue(step);
  }

  flush(): void {
    this.queued.flush();
  }

  /** Writes a run document's text as given (import). */
  writeText(runId: string, name: string, text: string): void {
    writeTextFileSync(this.documentPath(runId, name), text);
  }

  removeLeftovers(runId: string): string[] {
    const removed: string[] = [];
    for (const folder of [this.runDirectory(runId), join(this.runDirectory(runId), 'agents')]) {
      if (!existsSync(folder)) continue;
      for (const name of readdirSync(folder)) {
        if (!name.endsWith('.tmp')) continue;
        try {
          unlinkSync(join(folder, name));
          removed.push(name);
        } catch {
          // Gone already.
        }
      }
    }
    return removed;
  }

  /** Lines go first (the journal's `started` before the snapshot that holds the call), then documents. */
  private write(steps: readonly RunStep[]): void {
    for (const step of steps) {
      const byStream = new Map<string, unknown[]>();
      for (const line of step.lines ?? []) byStream.set(line.stream, [...(byStream.get(line.stream) ?? []), line.value]);
      for (const [stream, values] of byStream) appendJsonLinesSync(this.streamPath(step.runId, stream), values);
      for (const [name, value] of Object.entries(step.documents ?? {})) writeJsonFileSync(this.documentPath(step.runId, name), value);
    }
  }

  private runDirectory(runId: string): string {
    return join(this.dataDir, 'runs', checkedName(runId));
  }

  private documentPath(runId: string, name: string): string {
    if (name === 'record') return join(this.runDirectory(runId), 'run.json');
    if (name === 'damage') return join(this.runDirectory(runId), 'run.damaged.json');
    if (name === 'git-config') return join(this.runDirectory(runId), 'git-config-snapshot.json');
    if (name.startsWith('agent/')) return join(this.runDirectory(runId), 'agents', `${checkedName(name.slice('agent/'.length))}.json`);
    return join(this.runDirectory(runId), `${checkedName(name)}.json`);
  }

  private streamPath(runId: string, stream: string): string {
    if (stream.startsWith('tools/')) return join(this.runDirectory(runId), 'agents', `${checkedName(stream.slice('tools/'.length))}.tools.jsonl`);
    return join(this.runDirectory(runId), `${checkedName(stream)}.jsonl`);
  }
}

/** The document name of a file name (without `.json`) in a run's folder. */
function fileDocumentName(file: string): string {
  if (file === 'run') return 'record';
  if (file === 'run.damaged') return 'damage';
  if (file === 'git-config-snapshot') return 'git-config';
  return file;
}
