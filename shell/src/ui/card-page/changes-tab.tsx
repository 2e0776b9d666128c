import type { DiffFileView, RunView } from '@kanbots/core/protocol';
import { For, Show, createEffect, createMemo, createSignal, on, type Component } from 'solid-js';
import { reloadWhenChanged } from './live-reload.js';
import { countOf } from '../components/plural.js';
import { parseUnifiedDiff } from '../runs/parse-unified-diff.js';
import { isActive } from '../runs/run-status.js';
import { DiffTable, type LineComment } from './diff-table.js';
import { findingMessage, reviewDraftOf } from './review-draft.js';
import { LARGE_PATCH_LINES, fileTree } from './split-diff.js';

export interface ChangesActions {
  diff: (candidateId: string | undefined, contextLines: number | undefined) => Promise<{ files: DiffFileView[] } | { problem: string }>;
  sendReview: (request: { candidateId?: string; summary?: string; comments: { file: string; line: number; message: string }[] }) => Promise<boolean>;
}

const STATUS_LETTERS: Record<DiffFileView['status'], string> = { added: 'A', modified: 'M', deleted: 'D', renamed: 'R' };
const WHOLE_FILE_CONTEXT = 100_000;
/** How often the diff is read again while the developer works ("Changes so far"). */
const LIVE_INTERVAL_MS = 1500;

/** Whether a run is at the place a person's review can be sent (its gate). */
export function reviewable(run: RunView): boolean {
  return run.status === 'needs_you' && run.gate !== undefined;
}

/** Comments of earlier rounds on a file, with whether a later round answered them. */
function earlierComments(run: RunView, path: string): LineComment[] {
  const result: LineComment[] = [];
  const atGateAgain = run.gate !== undefined && (run.status === 'needs_you' || run.status === 'merged' || run.status === 'discarded');
  for (const review of run.reviews) {
    const answered = atGateAgain || run.reviews.some((later) => later.round > review.round);
    review.findings.forEach((finding, index) => {
      if (finding.file !== path || finding.line === undefined) return;
      result.push({
        key: `r${review.round}-${index}`,
        line: finding.line,
        side: 'new',
        message: review.by === 'human' ? finding.message : `Reviewer: ${finding.message}`,
        state: answered ? 'answered' : 'open',
        round: review.round,
      });
    });
  }
  return result;
}

/**
 * The Changes tab: the changed files as a tree with their stats, every file's diff (unified or
 * side by side, wrapped or not, whole files on request), comments on lines that collect into a
 * review sent to the developer. Live while the run works; keys: j/k files, n/p hunks.
 */
export const ChangesTab: Component<{ run: RunView; candidateId: string | undefined; actions: ChangesActions }> = (props) => {
  const [files, setFiles] = createSignal<DiffFileView[] | undefined>();
  const [mode, setMode] = createSignal<'unified' | 'split'>('unified');
  const [wrap, setWrap] = createSignal(false);
  const [wholeFiles, setWholeFiles] = createSignal(false);
  const [current, setCurrent] = createSignal<string | undefined>();
  const [unfolded, setUnfolded] = createSignal<ReadonlySet<string>>(new Set());
  const [sending, setSending] = createSignal(false);
  const [problem, setProblem] = createSignal<string | undefined>();
  const draft = createMemo(() => reviewDraftOf(props.run.id));
  let body: HTMLDivElement | undefined;
  let loading = false;
  let again = false;
  const load = async (): Promise<void> => {
    if (loading) {
      again = true;
      return;
    }
    loading = true;
    const result = await props.actions.diff(props.candidateId, wholeFiles() ? WHOLE_FILE_CONTEXT : undefined);
    loading = false;
    if ('files' in result) {
      const loaded = result.files;
      setProblem(undefined);
      setFiles(loaded);
      if (current() === undefined || !loaded.some((file) => file.path === current())) setCurrent(loaded[0]?.path);
    } else setProblem(result.problem);
    if (again) {
      again = false;
      void load();
    }
  };
  createEffect(on([() => props.candidateId, wholeFiles], () => void load()));
  // "Changes so far": read again while the run works (its view changes with every step).
  reloadWhenChanged(() => props.run.updatedAt, () => void load(), LIVE_INTERVAL_MS);

  const tree = createMemo(() => fileTree((files() ?? []).map((file) => file.path)));
  const byPath = createMemo(() => new Map((files() ?? []).map((file) => [file.path, file])));
  const totals = createMemo(() => (files() ?? []).reduce((sum, file) => ({ additions: sum.additions + file.additions, deletions: sum.deletions + file.deletions }), { additions: 0, deletions: 0 }));
  const canComment = (): boolean => reviewable(props.run);

  const showFile = (path: string): void => {
    setCurrent(path);
    body?.querySelector<HTMLElement>(`[data-file="${CSS.escape(path)}"]`)?.scrollIntoView({ block: 'start' });
  };
  const moveFile = (step: number): void => {
    const list = files() ?? [];
    if (list.length === 0) return;
    const index = list.findIndex((file) => file.path === current());
    showFile(list[Math.min(list.length - 1, Math.max(0, index + step))]!.path);
  };
  const moveHunk = (step: number): void => {
    if (!body) return;
    const hunks = [...body.querySelectorAll<HTMLElement>('[data-hunk="true"]')];
    if (hunks.length === 0) return;
    const top = body.getBoundingClientRect().top;
    const offsets = hunks.map((hunk) => hunk.getBoundingClientRect().top - top);
    const index = step > 0 ? offsets.findIndex((offset) => offset > 4) : offsets.findLastIndex((offset) => offset < -4);
    const target = hunks[index === -1 ? (step > 0 ? hunks.length - 1 : 0) : index]!;
    target.scrollIntoView({ block: 'start' });
    target.classList.add('diff-hunk-current');
    setTimeout(() => target.classList.remove('diff-hunk-current'), 800);
    const file = target.closest<HTMLElement>('[data-file]')?.dataset['file'];
    if (file) setCurrent(file);
  };
  const onKey = (event: KeyboardEvent): void => {
    if (event.altKey || event.ctrlKey || event.metaKey || (event.target as HTMLElement | null)?.closest('input, textarea, select, [contenteditable]')) return;
    const moves: Record<string, () => void> = { j: () => moveFile(1), k: () => moveFile(-1), n: () => moveHunk(1), p: () => moveHunk(-1) };
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    move();
  };

  const commentsOf = (path: string): LineComment[] => [
    ...earlierComments(props.run, path),
    ...draft()
      .comments()
      .filter((comment) => comment.file === path)
      .map((comment) => ({ key: `d${comment.id}`, line: comment.line, side: comment.side, message: findingMessage(comment), state: 'draft' as const, remove: () => draft().remove(comment.id) })),
  ];
  const send = async (form: HTMLFormElement): Promise<void> => {
    const summary = new FormData(form).get('summary')?.toString().trim() ?? '';
    const comments = draft()
      .comments()
      .map((comment) => ({ file: comment.file, line: comment.line, message: findingMessage(comment) }));
    setSending(true);
    const sent = await props.actions.sendReview({ ...(props.candidateId ? { candidateId: props.candidateId } : {}), ...(summary ? { summary } : {}), comments });
    setSending(false);
    if (sent) {
      draft().clear();
      form.reset();
    }
  };

  return (
    <div class="changes" onKeyDown={onKey} data-testid="changes">
      <div class="changes-toolbar" role="toolbar" aria-label="Diff view">
        <span class="changes-summary" role="status">
          <Show when={files()} fallback={problem() === undefined ? 'Loading the changes…' : isActive(props.run) ? 'The changes appear once the developer’s worktree is ready.' : `The changes could not be read: ${problem()}`}>
            {(list) => (
              <>
                {isActive(props.run) && props.run.gate === undefined ? 'Changes so far: ' : ''}
                {countOf(list().length, 'file')} <span class="diff-plus">+{totals().additions}</span> <span class="diff-minus">−{totals().deletions}</span>
              </>
            )}
          </Show>
        </span>
        <span class="spacer" />
        <div class="segmented" role="group" aria-label="Layout">
          <button type="button" class="button button-small" aria-pressed={mode() === 'unified'} onClick={() => setMode('unified')}>
            Unified
          </button>
          <button type="button" class="button button-small" aria-pressed={mode() === 'split'} onClick={() => setMode('split')}>
            Side by side
          </button>
        </div>
        <label class="toggle">
          <input type="checkbox" checked={wrap()} onChange={(event) => setWrap(event.currentTarget.checked)} /> Wrap lines
        </label>
        <label class="toggle">
          <input type="checkbox" checked={wholeFiles()} onChange={(event) => setWholeFiles(event.currentTarget.checked)} /> Whole files
        </label>
        <span class="field-hint changes-keys" aria-hidden="true">
          <kbd>j</kbd>/<kbd>k</kbd> files · <kbd>n</kbd>/<kbd>p</kbd> changes
        </span>
      </div>
      <div class="changes-main">
        <nav class="file-tree" aria-label="Changed files">
          <Show when={(files() ?? []).length > 0} fallback={<p class="field-hint">{files() ? 'No changes yet.' : ''}</p>}>
            <ul>
              <For each={tree()}>
                {(entry) => (
                  <li style={{ 'padding-left': `${entry.depth * 12}px` }}>
                    <Show
                      when={entry.folder === undefined ? byPath().get(entry.path) : undefined}
                      fallback={<span class="file-tree-folder">{entry.folder}/</span>}
                    >
                      {(file) => (
                        <button type="button" class="file-tree-file" aria-current={current() === file().path ? 'true' : undefined} title={file().path} onClick={() => showFile(file().path)}>
                          <span class={`file-status file-status-${file().status}`} title={file().status}>
                            {STATUS_LETTERS[file().status]}
                          </span>
                          <span class="mono file-tree-name">{file().path.split('/').at(-1)}</span>
                          <span class="diff-stats">
                            <span class="diff-plus">+{file().additions}</span> <span class="diff-minus">−{file().deletions}</span>
                          </span>
                        </button>
                      )}
                    </Show>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        </nav>
        <div class="changes-files" ref={body} tabIndex={-1}>
          <For each={files() ?? []}>
            {(file) => {
              const lines = createMemo(() => parseUnifiedDiff(file.patch));
              const large = (): boolean => lines().length > LARGE_PATCH_LINES && !unfolded().has(file.path);
              return (
                <section class="changes-file" data-file={file.path} aria-label={file.path}>
                  <header class="changes-file-header">
                    <span class={`file-status file-status-${file.status}`}>{STATUS_LETTERS[file.status]}</span>
                    <span class="mono">{file.previousPath ? `${file.previousPath} → ${file.path}` : file.path}</span>
                    <span class="diff-stats">
                      <span class="diff-plus">+{file.additions}</span> <span class="diff-minus">−{file.deletions}</span>
                    </span>
                  </header>
                  <Show
                    when={!file.binary}
                    fallback={<p class="field-hint changes-file-note">Binary file: its contents are not shown.</p>}
                  >
                    <Show
                      when={!large()}
                      fallback={
                        <p class="field-hint changes-file-note">
                          A large diff ({countOf(lines().length, 'line')}).{' '}
                          <button type="button" class="button button-small" onClick={() => setUnfolded((set) => new Set([...set, file.path]))}>
                            Show it
                          </button>
                        </p>
                      }
                    >
                      <Show when={lines().length > 0} fallback={<p class="field-hint changes-file-note">{file.status === 'renamed' ? 'Renamed, contents unchanged.' : 'No text changes.'}</p>}>
                        <DiffTable
                          path={file.path}
                          lines={lines()}
                          mode={mode()}
                          wrap={wrap()}
                          comments={commentsOf(file.path)}
                          commentable={canComment()}
                          comment={(target) => draft().add({ file: file.path, ...target })}
                        />
                      </Show>
                    </Show>
                  </Show>
                </section>
              );
            }}
          </For>
        </div>
      </div>
      <form
        class="review-bar"
        aria-label="Your review"
        onSubmit={(event) => {
          event.preventDefault();
          void send(event.currentTarget);
        }}
      >
        <Show
          when={canComment()}
          fallback={<p class="field-hint">{props.run.status === 'merged' ? 'Merged: the diff shows what the merge brought.' : 'You can comment on lines once the run waits for you at its gate.'}</p>}
        >
          <p class="field-hint review-bar-hint">
            <Show when={draft().comments().length > 0} fallback="Click a line number to comment; Shift+click another to comment on the lines between.">
              {countOf(draft().comments().length, 'comment')} in your review.
            </Show>
          </p>
          <input class="text-input review-summary-input" name="summary" maxLength={4000} placeholder="Summary (optional)" aria-label="Summary of your review" />
          <button type="submit" class="button button-primary" disabled={draft().comments().length === 0 || sending()}>
            Send review to the developer
          </button>
        </Show>
      </form>
    </div>
  );
};
