import { For, Show, createMemo, createSignal, type Component, type JSX } from 'solid-js';
import { highlightLine, languageOfPath } from '../runs/highlight-code.js';
import type { DiffLine } from '../runs/parse-unified-diff.js';
import { commentLineOf, splitRows, type SplitRow } from './split-diff.js';

/** A comment shown under its line: one being written, a draft of the review, or one sent in an earlier round. */
export interface LineComment {
  key: string;
  line: number;
  side: 'new' | 'old';
  message: string;
  /** `draft`: not sent yet; `open`: sent, the developer has not answered yet; `answered`: a later round answered it. */
  state: 'draft' | 'open' | 'answered';
  round?: number;
  remove?: () => void;
}

export interface DiffTableProps {
  path: string;
  lines: readonly DiffLine[];
  mode: 'unified' | 'split';
  wrap: boolean;
  comments: readonly LineComment[];
  /** Comments can be written (the run is at its gate). */
  commentable: boolean;
  /** Saves a comment on `line` (and from `fromLine` when a range was selected with Shift). */
  comment: (target: { line: number; fromLine?: number; side: 'new' | 'old'; message: string }) => void;
}

const SIGNS: Record<DiffLine['kind'], string> = { added: '+', removed: '−', context: ' ', hunk: '', note: '', file: '' };
const STATE_WORDS: Record<LineComment['state'], string> = { draft: 'not sent yet', open: 'open', answered: 'answered' };

/**
 * One file's diff on the card page, unified or side by side, wrapped or not; each line can take a
 * comment (click its number; Shift+click another to comment on the range). Comments of the review
 * being written and of earlier rounds sit under their line.
 */
export const DiffTable: Component<DiffTableProps> = (props) => {
  const language = createMemo(() => languageOfPath(props.path));
  const [anchor, setAnchor] = createSignal<{ line: number; side: 'new' | 'old' } | undefined>();
  const [editing, setEditing] = createSignal<{ line: number; fromLine?: number; side: 'new' | 'old' } | undefined>();
  const rows = createMemo<SplitRow[]>(() => (props.mode === 'split' ? splitRows(props.lines) : props.lines.map((line) => (line.kind === 'hunk' || line.kind === 'file' || line.kind === 'note' ? { kind: line.kind, line } : { kind: 'pair', left: line }))));
  const commentsAt = (line: DiffLine | undefined): LineComment[] => {
    const at = line ? commentLineOf(line) : undefined;
    return at ? props.comments.filter((comment) => comment.line === at.line && comment.side === at.side) : [];
  };
  const isEditing = (line: DiffLine | undefined): boolean => {
    const at = line ? commentLineOf(line) : undefined;
    const current = editing();
    return at !== undefined && current !== undefined && current.line === at.line && current.side === at.side;
  };
  const inRange = (line: DiffLine | undefined): boolean => {
    const at = line ? commentLineOf(line) : undefined;
    const current = editing();
    if (!at || !current || current.side !== at.side) return false;
    const from = current.fromLine ?? current.line;
    return at.line >= Math.min(from, current.line) && at.line <= Math.max(from, current.line);
  };
  const pick = (line: DiffLine, event: MouseEvent): void => {
    const at = commentLineOf(line);
    if (!at || !props.commentable) return;
    const start = anchor();
    if (event.shiftKey && start && start.side === at.side && start.line !== at.line) {
      setEditing({ line: Math.max(start.line, at.line), fromLine: Math.min(start.line, at.line), side: at.side });
    } else {
      setAnchor(at);
      setEditing({ line: at.line, side: at.side });
    }
  };
  const columns = (): number => (props.mode === 'split' ? 6 : 4);
  const numberCell = (line: DiffLine | undefined, number: number | undefined): JSX.Element => (
    <td class="diff-number">
      <Show when={line && number !== undefined && props.commentable} fallback={number ?? ''}>
        <button type="button" class="diff-line-button" aria-label={`Comment on line ${number} of ${props.path}`} onClick={(event) => pick(line!, event)}>
          {number}
        </button>
      </Show>
    </td>
  );
  const codeCells = (line: DiffLine | undefined): JSX.Element => (
    <>
      <td class="diff-sign" classList={{ [`diff-${line?.kind ?? 'empty'}`]: true }} aria-label={line && line.kind !== 'context' ? line.kind : undefined}>
        {line ? SIGNS[line.kind] : ''}
      </td>
      <td class="diff-code" classList={{ [`diff-${line?.kind ?? 'empty'}`]: true }} innerHTML={line ? highlightLine(line.text, language()) : ''} />
    </>
  );
  const commentRow = (line: DiffLine | undefined): JSX.Element => (
    <Show when={commentsAt(line).length > 0 || isEditing(line)}>
      <tr class="diff-comment-row">
        <td colSpan={columns()}>
          <For each={commentsAt(line)}>
            {(comment) => (
              <div class="line-comment" data-state={comment.state}>
                <span class="line-comment-state">
                  {STATE_WORDS[comment.state]}
                  {comment.round !== undefined ? ` · round ${comment.round}` : ''}
                </span>
                <span class="line-comment-text">{comment.message}</span>
                <Show when={comment.remove}>
                  {(remove) => (
                    <button type="button" class="button button-small button-ghost" onClick={() => remove()()}>
                      Remove
                    </button>
                  )}
                </Show>
              </div>
            )}
          </For>
          <Show when={isEditing(line) ? editing() : undefined}>
            {(target) => (
              <form
                class="line-comment-form"
                onSubmit={(event) => {
                  event.preventDefault();
                  const text = new FormData(event.currentTarget).get('comment')?.toString().trim() ?? '';
                  if (text === '') return;
                  props.comment({ ...target(), message: text });
                  setEditing(undefined);
                }}
                onKeyDown={(event) => {
                  if (event.key === 'Escape') {
                    event.preventDefault();
                    event.stopPropagation();
                    setEditing(undefined);
                  } else if (event.key === 'Enter' && (event.metaKey || event.ctrlKey)) {
                    event.preventDefault();
                    event.currentTarget.requestSubmit();
                  }
                }}
              >
                <label class="field">
                  <span class="field-label field-label-small">
                    {target().fromLine !== undefined ? `Lines ${target().fromLine}–${target().line}` : `Line ${target().line}`} of {props.path}
                  </span>
                  <textarea class="text-input" name="comment" rows={3} maxLength={4000} placeholder="What should the developer change?" ref={(element) => queueMicrotask(() => element.focus())} />
                </label>
                <div class="panel-actions">
                  <button type="submit" class="button button-primary button-small">
                    Add to review
                  </button>
                  <button type="button" class="button button-small" onClick={() => setEditing(undefined)}>
                    Cancel
                  </button>
                </div>
              </form>
            )}
          </Show>
        </td>
      </tr>
    </Show>
  );
  return (
    <div class="page-diff" classList={{ 'page-diff-wrap': props.wrap, 'page-diff-split': props.mode === 'split' }} role="region" aria-label={`Changes to ${props.path}`} data-mode={props.mode}>
      <table class="diff-table">
        <Show when={props.mode === 'split'}>
          <colgroup>
            <col class="diff-col-number" />
            <col class="diff-col-sign" />
            <col class="diff-col-code" />
            <col class="diff-col-number" />
            <col class="diff-col-sign" />
            <col class="diff-col-code" />
          </colgroup>
        </Show>
        <tbody>
          <For each={rows()}>
            {(row) =>
              row.kind !== 'pair' ? (
                <tr class={`diff-line diff-${row.kind}`} data-hunk={row.kind === 'hunk' ? 'true' : undefined}>
                  <td class="diff-code" colSpan={columns()}>
                    {row.line.text}
                  </td>
                </tr>
              ) : props.mode === 'split' ? (
                <>
                  <tr class="diff-line diff-split-line" classList={{ 'diff-selected': inRange(row.right ?? row.left) }}>
                    {numberCell(row.left, row.left?.oldNumber)}
                    {codeCells(row.left)}
                    {numberCell(row.right, row.right?.newNumber)}
                    {codeCells(row.right)}
                  </tr>
                  {row.left && row.left !== row.right ? commentRow(row.left) : null}
                  {commentRow(row.right)}
                </>
              ) : (
                <>
                  <tr class={`diff-line diff-${row.left!.kind}`} classList={{ 'diff-selected': inRange(row.left) }}>
                    {numberCell(row.left!.kind === 'removed' ? row.left : undefined, row.left!.oldNumber)}
                    {numberCell(row.left!.kind !== 'removed' ? row.left : undefined, row.left!.newNumber)}
                    {codeCells(row.left)}
                  </tr>
                  {commentRow(row.left)}
                </>
              )
            }
          </For>
        </tbody>
      </table>
    </div>
  );
};
