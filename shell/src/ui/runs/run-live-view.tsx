import type { DiffFileView, RunView } from '@kanbots/core/protocol';
import { For, Show, type Component } from 'solid-js';
import { AgentCard } from './agent-card.js';
import { ApprovalRequest } from './approval-request.js';
import { GateReview } from './gate-review.js';
import { ReviewRounds } from './review-rounds.js';
import { roundWords } from './round-words.js';
import { RunControls } from './run-controls.js';
import type { MachineGraph, SettingsTarget } from '@kanbots/core/protocol';
import type { PullRequestRequest } from './pull-request-dialog.js';
import { PullRequestPanel } from './pull-request-panel.js';
import { plainError } from './plain-error.js';
import { formatCost, formatTokens } from './run-status.js';
import { RunStatusPill } from './run-status-pill.js';
import { SetupOutput } from './setup-output.js';
import { StatechartDiagram } from './statechart-diagram.js';

export interface RunActions {
  /** Pauses the run, or one agent of it. */
  pause: (agentId?: string) => void;
  resume: (agentId?: string) => void;
  cancel: () => void;
  retry: () => void;
  /** Stops the retries of agents waiting to try the model again: the run fails and needs the person. */
  stopRetrying: () => void;
  followUp: (text: string) => void;
  approve: (agentId: string, callId: string) => void;
  deny: (agentId: string, callId: string, reason: string | undefined) => void;
  diff: (candidateId: string | undefined) => Promise<DiffFileView[]>;
  merge: (candidateId: string | undefined) => void;
  discard: () => void;
  undoGitConfig: () => void;
  /** Opens the Settings panel (keys, providers), at a field when given. */
  openSettings: (target?: SettingsTarget) => void;
  /** At the gate: commit, push and open the pull request with the dialog's title, body and draft choice. */
  openPullRequest?: (candidateId: string | undefined, request: PullRequestRequest) => void;
  pullRequestDraft?: () => Promise<{ title: string; body: string } | undefined>;
  /** Sends the pull request's failed checks and review comments not sent yet to the developer. */
  sendPullRequestFeedback?: () => void;
  /** Opens a GitHub address in the system's browser (the desktop window); a browser tab follows the link itself. */
  openLink?: (url: string) => void;
  /** Cancels this run and opens the run form to start again with another model. */
  changeModel: () => void;
}

const NEXT_STEP: Partial<Record<RunView['status'], string>> = {
  failed: 'The work so far is kept on its branch.',
  interrupted: 'The host stopped during a step. Resume to run it again.',
  queued: 'It starts when a slot is free.',
};

/** A run as it happens: status, the statechart, approvals, the gate, reviews and each agent. */
export const RunLiveView: Component<{
  run: RunView;
  /** What the run's workflow is called (the host's list; its id when unlisted). */
  workflowLabel: string;
  graph: MachineGraph | undefined;
  liveText: (agentId: string) => string;
  actions: RunActions;
}> = (props) => {
  // A failed run's status line names where it stopped; its cause is said once, in the box below.
  const statusLine = (): string => {
    const error = props.run.error;
    if (props.run.status !== 'failed' || error === undefined) return props.run.statusText;
    return props.run.statusText.replace(`: ${error.message}`, '').replace(/ — retry or cancel$/, '');
  };
  return (
    <section class="run" aria-labelledby={`run-heading-${props.run.id}`} data-run-id={props.run.id} data-status={props.run.status}>
      <header class="run-header">
        <h3 id={`run-heading-${props.run.id}`} class="section-title">
          {props.workflowLabel} run
        </h3>
        <RunStatusPill status={props.run.status} />
        <span class="spacer" />
        <span class="run-usage" title={`${props.run.usage.inputTokens} input and ${props.run.usage.outputTokens} output tokens`}>
          {formatTokens(props.run.usage.inputTokens + props.run.usage.outputTokens)} tokens · {formatCost(props.run.usage.costUsd)}
        </span>
      </header>
      <p class="run-status-text" role="status">
        {props.run.round !== undefined ? statusLine().replace(/\.$/, '') : statusLine()}
        <Show when={props.run.round !== undefined}>
          <span class="run-round">
            {' '}
            · {roundWords(props.run)}
          </span>
        </Show>
      </p>
      <Show when={props.run.error}>
        {(error) => {
          const plain = () => plainError(error());
          return (
            <div class="run-error" role="alert" data-testid="run-failure">
              <strong class="run-error-title">{plain().title}</strong>
              <p class="run-error-cause">{plain().cause}</p>
              <Show when={plain().retriesStopped}>{(stopped) => <p class="run-error-retries">{stopped()}</p>}</Show>
              <Show when={NEXT_STEP[props.run.status]}>{(next) => <p class="run-next">{next()}</p>}</Show>
              <Show when={props.run.status === 'failed'}>
                <div class="panel-actions run-error-actions">
                  {/* Retry and Cancel are in the run controls above. */}
                  <For each={plain().fixes.filter((fix) => fix !== 'retry')}>
                    {(fix) =>
                      fix === 'model' ? (
                        <button type="button" class="button" onClick={() => props.actions.changeModel()}>
                          Change model and retry
                        </button>
                      ) : fix === 'github-token' || fix === 'github-remote' ? (
                        <button type="button" class="button" data-settings-target={fix === 'github-token' ? 'github.token' : 'github.remote'} onClick={() => props.actions.openSettings(fix === 'github-token' ? 'github.token' : 'github.remote')}>
                          Open Settings
                        </button>
                      ) : (
                        <button type="button" class="button" data-settings-target={plain().settingsTarget} onClick={() => props.actions.openSettings(plain().settingsTarget)}>
                          {plain().settingsLabel ?? 'Open settings'}
                        </button>
                      )
                    }
                  </For>
                </div>
              </Show>
              <details class="run-error-details">
                <summary>Details</summary>
                <p class="mono">
                  {error().name} · {error().code}
                  {error().retryable ? ' · retryable' : ''}
                </p>
              </details>
            </div>
          );
        }}
      </Show>
      {/* Without an error the status text already says what comes next, unless it is empty. */}
      <Show when={!props.run.error && !props.run.statusText && NEXT_STEP[props.run.status]}>{(next) => <p class="run-next">{next()}</p>}</Show>
      <RunControls run={props.run} actions={props.actions} />
      <Show when={props.run.setup}>{(setup) => <SetupOutput setup={setup()} />}</Show>
      {/* The workflow's statechart (its state names, events and guards) stays behind Details. */}
      <Show when={props.graph}>
        {(graph) => (
          <details class="run-chart-details">
            <summary>Details: how this run works</summary>
            <StatechartDiagram graph={graph()} active={props.run.activeStates} />
          </details>
        )}
      </Show>
      <For each={props.run.pendingApprovals}>
        {(approval) => (
          <ApprovalRequest
            approval={approval}
            role={props.run.agents.find((agent) => agent.id === approval.agentId)?.role}
            approve={() => props.actions.approve(approval.agentId, approval.callId)}
            deny={(reason) => props.actions.deny(approval.agentId, approval.callId, reason)}
          />
        )}
      </For>
      {/* A failed follow-up keeps the gate it started from: its work can still be merged or discarded. */}
      <Show when={props.run.gate && (props.run.status === 'needs_you' || props.run.status === 'failed') ? props.run.gate : undefined}>
        {(gate) => <GateReview run={props.run} gate={gate()} actions={props.actions} />}
      </Show>
      <Show when={props.run.pullRequest}>
        {(pullRequest) => (
          <PullRequestPanel
            pullRequest={pullRequest()}
            canSend={props.run.activeStates.some((state) => state.endsWith('.pullRequestOpen'))}
            send={() => props.actions.sendPullRequestFeedback?.()}
            openLink={props.actions.openLink}
          />
        )}
      </Show>
      <ReviewRounds reviews={props.run.reviews} />
      <div class="agents">
        <For each={props.run.agents}>
          {(agent) => (
            <AgentCard
              agent={agent}
              text={props.liveText(agent.id)}
              runError={props.run.error}
              {...(props.run.status === 'running' || props.run.status === 'needs_you'
                ? { pause: () => props.actions.pause(agent.id), resume: () => props.actions.resume(agent.id), stopRetrying: () => props.actions.stopRetrying() }
                : {})}
            />
          )}
        </For>
      </div>
    </section>
  );
};
