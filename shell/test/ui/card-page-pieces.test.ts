import type { ActivityRecord } from '@kanbots/core/protocol';
import { describe, expect, it } from 'vitest';
import { cardPageHash, parseCardRoute } from '../../src/ui/card-page/card-route.js';
import { conversationLanes, toolInputWords } from '../../src/ui/card-page/conversation-tab.js';
import { findingMessage } from '../../src/ui/card-page/review-draft.js';
import { commentLineOf, fileTree, splitRows } from '../../src/ui/card-page/split-diff.js';
import { parseUnifiedDiff } from '../../src/ui/runs/parse-unified-diff.js';

/** The card page's pure parts: its address, the diff of several files, side-by-side rows, the file tree, the conversation's lanes. */

const twoFiles = [
  'diff --git a/src/a.ts b/src/a.ts',
  'index 1111111..2222222 100644',
  '--- a/src/a.ts',
  '+++ b/src/a.ts',
  '@@ -1,2 +1,2 @@',
  ' keep',
  '-old a',
  '+new a',
  'diff --git a/src/b.ts b/src/b.ts',
  'index 3333333..4444444 100644',
  '--- a/src/b.ts',
  '+++ b/src/b.ts',
  '@@ -4,1 +4,2 @@',
  ' four',
  '+five',
].join('\n');

describe('the card page’s address', () => {
  it('reads and writes #/cards/<id>/<tab>, defaulting to Changes, and refuses anything else', () => {
    expect(parseCardRoute(cardPageHash('card 1/x', 'conversation'))).toEqual({ cardId: 'card 1/x', tab: 'conversation' });
    expect(parseCardRoute('#/cards/abc')).toEqual({ cardId: 'abc', tab: 'changes' });
    expect(parseCardRoute('#/cards/abc/nonsense')).toEqual({ cardId: 'abc', tab: 'changes' });
    for (const hash of ['', '#', '#/cards/', '#/board', '#/cards/%E0%A4%A']) expect(parseCardRoute(hash), hash).toBeUndefined();
  });
});

describe('a diff of several files', () => {
  it('marks where each file starts and never reads a file header as a removed or added line', () => {
    const lines = parseUnifiedDiff(twoFiles);
    expect(lines.map((line) => [line.kind, line.text])).toEqual([
      ['file', 'src/a.ts'],
      ['hunk', '@@ -1,2 +1,2 @@'],
      ['context', 'keep'],
      ['removed', 'old a'],
      ['added', 'new a'],
      ['file', 'src/b.ts'],
      ['hunk', '@@ -4,1 +4,2 @@'],
      ['context', 'four'],
      ['added', 'five'],
    ]);
    expect(lines.find((line) => line.text === 'five')?.newNumber).toBe(5);
  });

  it('splits plain diff -u output of two files too', () => {
    const plain = ['--- a/x', '+++ b/x', '@@ -1 +1 @@', '-1', '+2', '--- a/y', '+++ b/y', '@@ -1 +1 @@', '-3', '+4'].join('\n');
    expect(parseUnifiedDiff(plain).map((line) => line.kind)).toEqual(['hunk', 'removed', 'added', 'file', 'hunk', 'removed', 'added']);
  });

  it('keeps one file without a file line, and says so for a binary file', () => {
    expect(parseUnifiedDiff(twoFiles.split('diff --git a/src/b.ts')[0]!).some((line) => line.kind === 'file')).toBe(false);
    expect(parseUnifiedDiff('diff --git a/i.png b/i.png\nBinary files a/i.png and b/i.png differ')).toEqual([{ kind: 'note', text: 'Binary file (not shown).' }]);
  });
});

describe('side by side', () => {
  it('pairs each removal with the addition that replaces it, context on both sides', () => {
    const rows = splitRows(parseUnifiedDiff(['@@ -1,4 +1,3 @@', ' a', '-b', '-c', '+B', ' d'].join('\n')));
    expect(rows.map((row) => (row.kind === 'pair' ? [row.left?.text ?? null, row.right?.text ?? null] : row.kind))).toEqual([
      'hunk',
      ['a', 'a'],
      ['b', 'B'],
      ['c', null],
      ['d', 'd'],
    ]);
  });

  it('comments on the new side, and on the old side for a removed line', () => {
    const [, , removed, added] = parseUnifiedDiff(['@@ -3,2 +3,2 @@', ' a', '-b', '+B'].join('\n'));
    expect(commentLineOf(removed!)).toEqual({ line: 4, side: 'old' });
    expect(commentLineOf(added!)).toEqual({ line: 4, side: 'new' });
    expect(findingMessage({ id: 1, file: 'x', line: 6, fromLine: 4, side: 'old', message: ' Why? ' })).toBe('(lines 4–6) (on the removed code) Why?');
  });
});

describe('the file tree', () => {
  it('lists folders once, before their files, indented', () => {
    expect(fileTree(['src/ui/b.ts', 'README.md', 'src/a.ts', 'src/ui/a.ts']).map((entry) => `${'  '.repeat(entry.depth)}${entry.folder ? `${entry.folder}/` : entry.path}`)).toEqual([
      'README.md',
      'src/',
      '  src/a.ts',
      '  ui/',
      '    src/ui/a.ts',
      '    src/ui/b.ts',
    ]);
  });
});

describe('the conversation', () => {
  it('folds the activity into one lane per agent, results and approvals joining their call', () => {
    let seq = 0;
    const record = (kind: ActivityRecord['kind'], data: Record<string, unknown>, agentId?: string): ActivityRecord => ({ seq: ++seq, at: seq, runId: 'r', kind, data, ...(agentId ? { agentId } : {}) });
    const lanes = conversationLanes(
      [
        record('message', { agent: 'developer', text: 'Do it' }, 'a1'),
        record('tool.call', { agent: 'developer', callId: 'c1', name: 'run_command', input: { command: 'npm test' } }, 'a1'),
        record('approval', { agent: 'developer', callId: 'c1', status: 'requested' }, 'a1'),
        record('approval', { agent: 'developer', callId: 'c1', status: 'resolved', approved: true, by: 'human' }, 'a1'),
        record('tool.result', { agent: 'developer', callId: 'c1', name: 'run_command', isError: false, content: 'ok' }, 'a1'),
        record('review', { round: 1, verdict: 'approve', findings: [] }),
        record('agent.state', { agent: 'reviewer', from: 'idle', to: 'requesting' }, 'a2'),
      ],
      ['developer', 'reviewer'],
      new Map([
        ['a1', 'developer'],
        ['a2', 'reviewer'],
      ]),
    );
    expect(lanes.map((lane) => [lane.agent, lane.entries.map((entry) => entry.kind)])).toEqual([
      ['developer', ['message', 'tool']],
      ['reviewer', ['review']],
    ]);
    expect(lanes[0]!.entries[1]).toMatchObject({ approval: { approved: true, by: 'human' }, result: { content: 'ok', isError: false } });
  });
});

describe('a review tool call on its row', () => {
  it('reads as the verdict and the number of findings, not raw JSON', () => {
    expect(toolInputWords('submit_review', { verdict: 'request_changes', summary: 'x', findings: [{ file: 'a', severity: 'minor', message: 'm' }, { file: 'b', severity: 'major', message: 'n' }] }, 70)).toBe('Changes requested · 2 findings');
    expect(toolInputWords('submit_review', { verdict: 'approve', summary: 'ok', findings: [] }, 70)).toBe('Approved · no findings');
    expect(toolInputWords('read_file', { path: 'src/a.ts' }, 70)).not.toContain('finding');
  });
});
