import type { ActivityRecord, RunView } from '@kanbots/core/protocol';
import { For, Show, type Component } from 'solid-js';
import { summariseInput } from '../inbox/needs-you.js';
import { laneTitle } from './conversation-tab.js';

/** One activity record in plain words (event names stay in Details). */
export function activityWords(record: ActivityRecord): string {
  const data = record.data;
  switch (record.kind) {
    case 'run.state':
      return typeof data['command'] === 'string' ? `You sent: ${String(data['command']).toLowerCase().replace(/_/g, ' ')}` : 'The run moved on';
    case 'agent.state':
      return data['finished'] !== undefined ? `Finished (${String(data['finished'])})` : `Now ${String(data['to'] ?? '').replace(/([A-Z])/g, ' $1').toLowerCase()}`;
    case 'model.request':
      return `Model turn ${String(data['turn'] ?? '')}: ${Number(data['inputTokens'] ?? 0) + Number(data['outputTokens'] ?? 0)} tokens`;
    case 'tool.call':
      return `Called ${String(data['name'])} ${summariseInput(data['input'], 60)}`;
    case 'tool.result':
      return `${String(data['name'])} ${data['isError'] === true ? 'failed' : 'done'}`;
    case 'approval':
      return data['status'] === 'resolved' ? `${data['approved'] === true ? 'Approved' : 'Denied'} by ${data['by'] === 'human' ? 'you' : String(data['by'] ?? 'policy')}` : `Asked to run ${String(data['name'])}`;
    case 'review':
      return `Review round ${String(data['round'])}: ${data['verdict'] === 'approve' ? 'approved' : 'changes requested'}`;
    case 'message':
      return `Was told: ${summariseInput(data['text'], 80)}`;
    case 'error':
      return `Problem: ${String((data['error'] as { message?: string } | undefined)?.message ?? '')}`;
    case 'note':
      return summariseInput(data, 100);
  }
}

/** The Activity tab: the run's log, newest last, one line each. */
export const ActivityTab: Component<{ run: RunView; records: readonly ActivityRecord[] | undefined }> = (props) => (
  <Show when={props.records} fallback={<p class="field-hint">Loading the activity…</p>}>
    {(records) => (
      <ol class="activity-list" data-testid="activity">
        <For each={records()}>
          {(record) => (
            <li class="activity-row" data-kind={record.kind}>
              <time class="activity-time" dateTime={new Date(record.at).toISOString()}>
                {new Date(record.at).toLocaleTimeString()}
              </time>
              <span class="activity-who">{typeof record.data['agent'] === 'string' ? laneTitle(props.run, record.data['agent']) : 'Run'}</span>
              <span class="activity-what">{activityWords(record)}</span>
            </li>
          )}
        </For>
      </ol>
    )}
  </Show>
);
