import { createSignal, type Accessor } from 'solid-js';

/** A comment on a line of the diff, written on the card page; it goes to the developer as a finding. */
export interface DraftComment {
  id: number;
  file: string;
  /** The line commented on (the last of a selected range), on the new side unless `side` is old. */
  line: number;
  /** The first line of a selected range, when more than one line was selected. */
  fromLine?: number;
  side: 'new' | 'old';
  message: string;
}

export interface ReviewDraft {
  comments: Accessor<readonly DraftComment[]>;
  add(comment: Omit<DraftComment, 'id'>): void;
  update(id: number, message: string): void;
  remove(id: number): void;
  clear(): void;
}

const drafts = new Map<string, ReviewDraft>();
let nextId = 1;

/** The run's review being written (kept while the page is open elsewhere: switching tabs or cards loses nothing). */
export function reviewDraftOf(runId: string): ReviewDraft {
  const known = drafts.get(runId);
  if (known) return known;
  const [comments, setComments] = createSignal<readonly DraftComment[]>([]);
  const draft: ReviewDraft = {
    comments,
    add: (comment) => setComments((list) => [...list, { ...comment, id: nextId++ }]),
    update: (id, message) => setComments((list) => list.map((comment) => (comment.id === id ? { ...comment, message } : comment))),
    remove: (id) => setComments((list) => list.filter((comment) => comment.id !== id)),
    clear: () => setComments([]),
  };
  drafts.set(runId, draft);
  return draft;
}

/** The words sent for a comment: a range says which lines it covers. */
export function findingMessage(comment: DraftComment): string {
  const range = comment.fromLine !== undefined && comment.fromLine !== comment.line ? `(lines ${comment.fromLine}–${comment.line}) ` : '';
  const side = comment.side === 'old' ? '(on the removed code) ' : '';
  return `${range}${side}${comment.message.trim()}`;
}
