import type { ActivityRecord, AgentView, RunView } from '@kanbots/core/protocol';
import { For, Show, createMemo, type Component, type JSX } from 'solid-js';
import { countOf } from '../components/plural.js';
import { summariseInput } from '../inbox/needs-you.js';
import { DiffView } from '../runs/diff-view.js';
import { formatCost, formatTokens } from '../runs/run-status.js';

/** One row of an agent's lane: what it was told, a tool call with its result, an approval, a turn, a review, an error. */
export type ConversationEntry =
  | { kind: 'message'; seq: number; text: string }
  | { kind: 'tool'; seq: number; callId: string; name: string; input: unknown; result?: { content: string; isError: boolean; durationMs?: number }; approval?: { approved: boolean; by?: string; reason?: string } | 'asked' }
  | { kind: 'turn'; seq: number; model: string; turn: number; tokens: number; costUsd: number }
  | { kind: 'review'; seq: number; round: number; verdict: string; summary?: string; findings: { file: string; line?: number; severity: string; message: string }[]; by?: string }
  | { kind: 'error'; seq: number; text: string };

export interface Lane {
  agent: string;
  entries: ConversationEntry[];
}

const text = (value: unknown): string => (typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value));

/** Folds the activity log into one lane per agent, in order (tool results and approvals join their call). */
export function conversationLanes(records: readonly ActivityRecord[], agentKeys: readonly string[], agentIdToKey: ReadonlyMap<string, string>): Lane[] {
  const lanes = new Map<string, ConversationEntry[]>(agentKeys.map((key) => [key, []]));
  const calls = new Map<string, Extract<ConversationEntry, { kind: 'tool' }>>();
  // An approval can be asked (and answered) before its call is logged as started: kept until the call comes.
  const approvals = new Map<string, Extract<ConversationEntry, { kind: 'tool' }>['approval']>();
  const laneOf = (record: ActivityRecord): ConversationEntry[] => {
    const key = (typeof record.data['agent'] === 'string' ? (record.data['agent'] as string) : undefined) ?? (record.agentId !== undefined ? agentIdToKey.get(record.agentId) : undefined) ?? 'run';
    let lane = lanes.get(key);
    if (!lane) lanes.set(key, (lane = []));
    return lane;
  };
  for (const record of records) {
    const data = record.data;
    switch (record.kind) {
      case 'message':
        laneOf(record).push({ kind: 'message', seq: record.seq, text: text(data['text']) });
        break;
      case 'tool.call': {
        const entry: Extract<ConversationEntry, { kind: 'tool' }> = { kind: 'tool', seq: record.seq, callId: text(data['callId']), name: text(data['name']), input: data['input'] };
        const approval = approvals.get(entry.callId);
        if (approval !== undefined) entry.approval = approval;
        calls.set(entry.callId, entry);
        laneOf(record).push(entry);
        break;
      }
      case 'tool.result': {
        const call = calls.get(text(data['callId']));
        const result = { content: text(data['content']), isError: data['isError'] === true, ...(typeof data['durationMs'] === 'number' ? { durationMs: data['durationMs'] } : {}) };
        if (call) call.result = result;
        break;
      }
      case 'approval': {
        const approval: Extract<ConversationEntry, { kind: 'tool' }>['approval'] =
          data['status'] === 'resolved'
            ? { approved: data['approved'] === true, ...(typeof data['by'] === 'string' ? { by: data['by'] } : {}), ...(typeof data['reason'] === 'string' ? { reason: data['reason'] } : {}) }
            : 'asked';
        const call = calls.get(text(data['callId']));
        if (call) call.approval = approval;
        else approvals.set(text(data['callId']), approval);
        break;
      }
      case 'model.request':
        laneOf(record).push({ kind: 'turn', seq: record.seq, model: text(data['model']), turn: Number(data['turn'] ?? 0), tokens: Number(data['inputTokens'] ?? 0) + Number(data['outputTokens'] ?? 0), costUsd: Number(data['costUsd'] ?? 0) });
        break;
      case 'review': {
        const findings = Array.isArray(data['findings']) ? (data['findings'] as { file: string; line?: number; severity: string; message: string }[]) : [];
        const entry: ConversationEntry = { kind: 'review', seq: record.seq, round: Number(data['round'] ?? 0), verdict: text(data['verdict']), findings };
        if (typeof data['summary'] === 'string') entry.summary = data['summary'];
        (lanes.get('reviewer') ?? laneOf(record)).push(entry);
        break;
      }
      case 'error': {
        const error = data['error'] as { message?: string } | undefined;
        laneOf(record).push({ kind: 'error', seq: record.seq, text: `${data['retrying'] === true ? 'Retrying after: ' : ''}${error?.message ?? 'An error'}` });
        break;
      }
    }
  }
  return [...lanes.entries()].filter(([, entries]) => entries.length > 0).map(([agent, entries]) => ({ agent, entries }));
}

/** A file edit as a diff: the edit tool's old and new text, or what the agent's view carries. */
function editPatch(name: string, input: unknown, agent: AgentView | undefined, callId: string): string | undefined {
  // Call ids are unique within a turn, not across a run: the view's call must be this very call.
  const fromView = agent?.toolCalls.find((call) => call.callId === callId && call.name === name && JSON.stringify(call.input) === JSON.stringify(input))?.diff;
  if (fromView) return fromView;
  const record = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  const lines = (value: unknown): string[] => (typeof value === 'string' ? value.replace(/\n$/, '').split('\n') : []);
  if (name === 'edit_file' && typeof record['old_string'] === 'string' && typeof record['new_string'] === 'string') {
    const removed = lines(record['old_string']);
    const added = lines(record['new_string']);
    return [`@@ -1,${removed.length} +1,${added.length} @@`, ...removed.map((line) => `-${line}`), ...added.map((line) => `+${line}`)].join('\n');
  }
  if (name === 'write_file' && typeof record['content'] === 'string') {
    const added = lines(record['content']);
    return [`@@ -0,0 +1,${added.length} @@`, ...added.map((line) => `+${line}`)].join('\n');
  }
  return undefined;
}

/** A tool call's input on its row: a review in words (verdict, findings), anything else summarised. */
export function toolInputWords(name: string, input: unknown, max: number): string {
  const record = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  if (name === 'submit_review' && (record['verdict'] === 'approve' || record['verdict'] === 'request_changes')) {
    const findings = Array.isArray(record['findings']) ? record['findings'].length : 0;
    const verdict = record['verdict'] === 'approve' ? 'Approved' : 'Changes requested';
    return `${verdict} · ${findings === 0 ? 'no findings' : findings === 1 ? '1 finding' : `${findings} findings`}`;
  }
  return summariseInput(input, max);
}

function pathOf(input: unknown): string | undefined {
  const record = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  const path = record['path'] ?? record['file_path'];
  return typeof path === 'string' ? path : undefined;
}

function approvalWords(approval: Extract<ConversationEntry, { kind: 'tool' }>['approval']): string | undefined {
  if (approval === undefined) return undefined;
  if (approval === 'asked') return 'waiting for approval';
  const who = approval.by === 'human' ? 'you' : approval.by === 'policy' ? 'the tool policy' : (approval.by ?? 'someone');
  return `${approval.approved ? 'approved' : 'denied'} by ${who}${approval.reason ? ` (${approval.reason})` : ''}`;
}

const Entry: Component<{ entry: ConversationEntry; agent: AgentView | undefined }> = (props): JSX.Element => {
  const entry = props.entry;
  switch (entry.kind) {
    case 'message':
      return (
        <li class="talk talk-message" data-kind="message">
          <details open={entry.text.length < 600}>
            <summary class="talk-label">Told</summary>
            <p class="talk-text">{entry.text}</p>
          </details>
        </li>
      );
    case 'tool': {
      const patch = editPatch(entry.name, entry.input, props.agent, entry.callId);
      const path = pathOf(entry.input);
      return (
        <li class="talk talk-tool" data-kind="tool" data-tool={entry.name} data-error={entry.result?.isError ? 'true' : undefined}>
          <details>
            <summary class="tool-call-summary">
              <span class="tool-call-name mono">{entry.name}</span>
              <span class="tool-call-input mono">{toolInputWords(entry.name, entry.input, 70)}</span>
              <span class="tool-call-status">
                {approvalWords(entry.approval) ? `${approvalWords(entry.approval)} · ` : ''}
                {entry.result ? (entry.result.isError ? 'failed' : 'done') : 'running'}
                {entry.result?.durationMs !== undefined ? ` · ${(entry.result.durationMs / 1000).toFixed(1)} s` : ''}
              </span>
            </summary>
            <div class="tool-call-details">
              <Show when={patch} fallback={<pre class="code-block">{JSON.stringify(entry.input, null, 2)}</pre>}>
                {(diff) => <DiffView patch={diff()} {...(path ? { path } : {})} />}
              </Show>
              <Show when={entry.result?.content}>
                {(content) => (
                  <details class="talk-output">
                    <summary>Output ({countOf(content().split('\n').length, 'line')})</summary>
                    <pre class="code-block">{content()}</pre>
                  </details>
                )}
              </Show>
            </div>
          </details>
        </li>
      );
    }
    case 'turn':
      return (
        <li class="talk talk-turn" data-kind="turn">
          Turn {entry.turn} · {entry.model} · {formatTokens(entry.tokens)} tokens · {formatCost(entry.costUsd)}
        </li>
      );
    case 'review':
      return (
        <li class="talk talk-review" data-kind="review">
          <p class="talk-label">
            Review, round {entry.round}:{' '}
            <span class={entry.verdict === 'approve' ? 'verdict-approve' : 'verdict-changes'}>{entry.verdict === 'approve' ? 'approved' : 'changes requested'}</span>
          </p>
          <Show when={entry.summary}>
            <p class="talk-text">{entry.summary}</p>
          </Show>
          <ul class="findings">
            <For each={entry.findings}>
              {(finding) => (
                <li class="finding" data-severity={finding.severity}>
                  <span class="finding-severity">{finding.severity}</span>
                  <span class="mono finding-location">
                    {finding.file}
                    {finding.line ? `:${finding.line}` : ''}
                  </span>
                  <span class="finding-message">{finding.message}</span>
                </li>
              )}
            </For>
          </ul>
        </li>
      );
    case 'error':
      return (
        <li class="talk talk-error" data-kind="error">
          {entry.text}
        </li>
      );
  }
};

const ROLE_WORDS: Record<string, string> = { developer: 'Developer', reviewer: 'Reviewer', judge: 'Judge', planner: 'Planner', tester: 'Tester' };

export function laneTitle(run: RunView, key: string): string {
  const agent = run.agents.find((candidate) => candidate.id === key);
  if (!agent) return key === 'run' ? 'The run' : key;
  const role = ROLE_WORDS[agent.role] ?? agent.role;
  const suffix = /-(\d+)$/.exec(key)?.[1];
  return suffix !== undefined && run.workflow === 'best-of-n' && agent.role === 'developer' ? `${role} ${String.fromCharCode(64 + Number(suffix))}` : role;
}

/** The Conversation tab: every agent's lane — what it was told, its turns, tool calls (edits as diffs, output folded), approvals and who gave them, reviews — and its text as it streams. */
export const ConversationTab: Component<{ run: RunView; records: readonly ActivityRecord[] | undefined; liveText: (agentId: string) => string }> = (props) => {
  const lanes = createMemo(() =>
    conversationLanes(
      props.records ?? [],
      props.run.agents.map((agent) => agent.id),
      new Map(props.run.agents.map((agent) => [agent.id, agent.id])),
    ),
  );
  return (
    <Show when={props.records} fallback={<p class="field-hint">Loading the conversation…</p>}>
      <Show when={lanes().length > 0} fallback={<p class="field-hint">Nothing has been said yet.</p>}>
        <div class="lanes" style={{ '--lane-count': String(lanes().length) }} data-testid="conversation">
          <For each={lanes()}>
            {(lane) => {
              const agent = (): AgentView | undefined => props.run.agents.find((candidate) => candidate.id === lane.agent);
              return (
                <section class="lane" aria-label={laneTitle(props.run, lane.agent)} data-agent={lane.agent}>
                  <header class="lane-header">
                    <h3 class="section-title">{laneTitle(props.run, lane.agent)}</h3>
                    <Show when={agent()}>
                      {(view) => (
                        <span class="field-hint">
                          {view().model} · {formatTokens(view().usage.inputTokens + view().usage.outputTokens)} tokens · {formatCost(view().usage.costUsd)}
                        </span>
                      )}
                    </Show>
                  </header>
                  <ol class="talk-list">
                    <For each={lane.entries}>{(entry) => <Entry entry={entry} agent={agent()} />}</For>
                  </ol>
                  <Show when={agent() ? props.liveText(lane.agent) : ''}>
                    {(live) => (
                      <p class="talk-live" aria-live="polite">
                        {live()}
                      </p>
                    )}
                  </Show>
                </section>
              );
            }}
          </For>
        </div>
      </Show>
    </Show>
  );
};
