import type { ActivityRecord, RunView } from '@kanbots/core/protocol';
import { For, Match, Show, Switch, createEffect, createMemo, createSignal, on, type Component } from 'solid-js';
import { useAppState } from '../app-context.js';
import { ApprovalRequest } from '../runs/approval-request.js';
import { ConfirmDialog } from '../runs/confirm-dialog.js';
import { RunControls } from '../runs/run-controls.js';
import { workflowLabel } from '../runs/run-messages.js';
import { roundWords } from '../runs/round-words.js';
import { RunStatusPill } from '../runs/run-status-pill.js';
import { formatCost, formatTokens } from '../runs/run-status.js';
import { StatechartDiagram } from '../runs/statechart-diagram.js';
import { copyText } from '../state/copy-text.js';
import { ActivityTab } from './activity-tab.js';
import { CandidatesView } from './candidates-view.js';
import { CARD_TABS, cardPageHash, type CardTab } from './card-route.js';
import { ChangesTab } from './changes-tab.js';
import { ConversationTab } from './conversation-tab.js';
import { reloadWhenChanged } from './live-reload.js';
import { StatechartPicture } from './statechart-picture.js';
import '../styles/card-page.css';

const TAB_WORDS: Record<CardTab, string> = { conversation: 'Conversation', changes: 'Changes', activity: 'Activity', details: 'Details' };

/** " · round 2 of 3" (see `roundWords`: a person's review never pushes it past the limit). */
function roundSuffix(run: RunView): string {
  const words = roundWords(run);
  return words === '' ? '' : ` · ${words}`;
}

/** The branches a run works on (or merged), for the header. */
function branchesOf(run: RunView): { candidate: string; branch: string; mergeCommit?: string }[] {
  if (run.branches && run.branches.length > 0) return run.branches;
  return (run.gate?.candidates ?? []).map((candidate) => ({ candidate: candidate.id, branch: candidate.branch }));
}

/**
 * The card page (container): a route of its own (`#/cards/<id>/<tab>`), where a run is reviewed at
 * full width — the header (card, project, branch, status, tokens and cost), the run's controls,
 * approvals and gate, and the tabs Conversation, Changes, Activity and Details.
 */
export const CardPage: Component<{ cardId: string; tab: CardTab; close: () => void; openPanel: (cardId: string) => void }> = (props) => {
  const app = useAppState();
  const card = createMemo(() => app.board.card(props.cardId) ?? app.board.card(app.board.resolveId(props.cardId)));
  const run = createMemo(() => app.runs.runOfCard(card()?.id ?? props.cardId));
  const project = createMemo(() => app.projects.project(card()?.projectId ?? undefined));
  const column = createMemo(() => app.board.columns().find((candidate) => candidate.id === card()?.columnId));
  const [candidateId, setCandidateId] = createSignal<string | undefined>();
  const [records, setRecords] = createSignal<readonly ActivityRecord[] | undefined>();
  const [copied, setCopied] = createSignal<string | undefined>();
  const [confirmingDiscard, setConfirmingDiscard] = createSignal(false);
  const chosenCandidate = (): string | undefined => {
    const gate = run()?.gate;
    if (!gate || gate.candidates.length < 2) return undefined;
    return candidateId() ?? (gate.candidates.find((candidate) => candidate.recommended) ?? gate.candidates[0])?.id;
  };
  const loadActivity = async (): Promise<void> => {
    const current = run();
    if (!current) return;
    const loaded = await app.runs.activity(current.id);
    if (loaded) setRecords(loaded);
  };
  createEffect(on(() => run()?.id, () => void loadActivity()));
  reloadWhenChanged(() => run()?.updatedAt, () => void loadActivity());

  return (
    <div class="card-page" data-testid="card-page" role="main" aria-labelledby="card-page-title">
      <header class="card-page-header">
        <a class="button button-ghost card-page-back" href="#" onClick={(event) => { event.preventDefault(); props.close(); }}>
          ← Board
        </a>
        <div class="card-page-heading">
          <p class="panel-eyebrow">
            {project()?.name ?? 'No project'}
            {column() ? ` · ${column()!.name}` : ''}
          </p>
          <h1 id="card-page-title" class="card-page-title">
            {card()?.title ?? 'This card is gone'}
          </h1>
        </div>
        <Show when={run()}>
          {(current) => (
            <div class="card-page-facts">
              <RunStatusPill status={current().status} detail={current().statusText} />
              <span class="card-page-status" role="status">
                {current().statusText}
                {roundSuffix(current())}
              </span>
              <span class="card-page-usage" title={`${current().usage.inputTokens} input and ${current().usage.outputTokens} output tokens`}>
                {formatTokens(current().usage.inputTokens + current().usage.outputTokens)} tokens · {formatCost(current().usage.costUsd)}
              </span>
            </div>
          )}
        </Show>
        <button type="button" class="button" onClick={() => props.openPanel(props.cardId)}>
          Card details
        </button>
      </header>
      <Show when={run()} fallback={<p class="card-page-empty field-hint">This card has no run yet. Start one from its details.</p>}>
        {(current) => (
          <>
            <div class="card-page-run">
              <p class="card-page-branches">
                {workflowLabel(app.workflows(), current().workflow)}
                <For each={branchesOf(current())}>
                  {(branch) => (
                    <span class="card-page-branch">
                      {' · '}
                      <span class="mono">{branch.branch}</span>
                      <Show when={branch.mergeCommit}>{(commit) => <span class="field-hint"> merged as <span class="mono">{commit().slice(0, 10)}</span></span>}</Show>
                      <button
                        type="button"
                        class="button button-small button-ghost"
                        aria-label={`Copy the branch name ${branch.branch}`}
                        onClick={() => void copyText(branch.branch).then((done) => setCopied(done ? branch.branch : undefined))}
                      >
                        {copied() === branch.branch ? 'Copied' : 'Copy'}
                      </button>
                    </span>
                  )}
                </For>
              </p>
              <RunControls
                run={current()}
                actions={{
                  pause: () => void app.runs.pause(current().id),
                  resume: () => void app.runs.resume(current().id),
                  cancel: () => void app.runs.cancel(current().id),
                  retry: () => void app.runs.retry(current().id),
                  followUp: (text) => void app.runs.followUp(current().id, text),
                }}
              />
              <For each={current().pendingApprovals}>
                {(approval) => (
                  <ApprovalRequest
                    approval={approval}
                    role={current().agents.find((agent) => agent.id === approval.agentId)?.role}
                    approve={() => void app.runs.approve(current().id, approval.agentId, approval.callId)}
                    deny={(reason) => void app.runs.deny(current().id, approval.agentId, approval.callId, reason)}
                  />
                )}
              </For>
              <Show when={current().status === 'needs_you' ? current().gate : undefined}>
                {(gate) => (
                  <div class="card-page-gate" data-testid="card-page-gate">
                    <p class="gate-reason">{gate().reason}</p>
                    <Show
                      when={gate().candidates.length > 1}
                      fallback={
                        <div class="panel-actions">
                          <button type="button" class="button button-primary" onClick={() => void app.runs.merge(current().id)}>
                            Merge
                          </button>
                          <button type="button" class="button button-danger-ghost" onClick={() => setConfirmingDiscard(true)}>
                            Discard…
                          </button>
                        </div>
                      }
                    >
                      <CandidatesView
                        run={current()}
                        gate={gate()}
                        shown={chosenCandidate()}
                        show={(id) => {
                          setCandidateId(id);
                          window.location.hash = cardPageHash(props.cardId, 'changes');
                        }}
                        merge={(id) => void app.runs.merge(current().id, id)}
                        discard={(id) => void app.runs.discard(current().id, id)}
                        diff={(id) => app.runs.diffFiles(current().id, id)}
                      />
                    </Show>
                  </div>
                )}
              </Show>
            </div>
            <div class="card-page-tabs" role="tablist" aria-label="Run">
              <For each={CARD_TABS}>
                {(tab) => (
                  <a class="card-page-tab" role="tab" href={cardPageHash(props.cardId, tab)} aria-selected={props.tab === tab} id={`card-tab-${tab}`} aria-controls="card-tab-panel">
                    {TAB_WORDS[tab]}
                  </a>
                )}
              </For>
            </div>
            <div class="card-page-body" role="tabpanel" id="card-tab-panel" aria-labelledby={`card-tab-${props.tab}`}>
              <Switch>
                <Match when={props.tab === 'changes'}>
                  <ChangesTab
                    run={current()}
                    candidateId={chosenCandidate()}
                    actions={{
                      diff: (candidate, contextLines) => app.runs.diffFiles(current().id, candidate, contextLines),
                      sendReview: (request) => app.runs.review(current().id, request),
                    }}
                  />
                </Match>
                <Match when={props.tab === 'conversation'}>
                  <ConversationTab run={current()} records={records()} liveText={(agentId) => app.runs.liveText(current().id, agentId)} />
                </Match>
                <Match when={props.tab === 'activity'}>
                  <ActivityTab run={current()} records={records()} />
                </Match>
                <Match when={props.tab === 'details'}>
                  <DetailsTab run={current()} />
                </Match>
              </Switch>
            </div>
            <Show when={confirmingDiscard()}>
              <ConfirmDialog
                title="Discard this work?"
                confirmLabel="Discard"
                cancelLabel="Keep"
                danger
                confirm={() => {
                  setConfirmingDiscard(false);
                  void app.runs.discard(current().id);
                }}
                cancel={() => setConfirmingDiscard(false)}
              >
                Nothing is merged. The work is committed and kept on its branch, so you can still find it later.
              </ConfirmDialog>
            </Show>
          </>
        )}
      </Show>
    </div>
  );
};

/** Details: the workflow as a diagram (the active state lit, the round), the machine's own names, each agent's state. */
const DetailsTab: Component<{ run: RunView }> = (props) => {
  const app = useAppState();
  const graph = createMemo(() => app.runs.statechart(props.run.machine));
  return (
    <div class="card-page-details">
      <h2 class="section-title">
        The run as a statechart
        {roundSuffix(props.run)}
      </h2>
      <Show when={graph()} fallback={<p class="field-hint">The host sent no diagram for this workflow.</p>}>
        {(machine) => (
          <>
            <StatechartPicture graph={machine()} active={props.run.activeStates} title={`Workflow ${machine().id}, active: ${props.run.activeStates.join(', ')}`} />
            <StatechartDiagram graph={machine()} active={props.run.activeStates} />
          </>
        )}
      </Show>
      <h2 class="section-title">Agents</h2>
      <table class="details-agents">
        <thead>
          <tr>
            <th>Agent</th>
            <th>Machine state</th>
            <th>Model</th>
            <th>Turn</th>
            <th>Tokens</th>
            <th>Cost</th>
          </tr>
        </thead>
        <tbody>
          <For each={props.run.agents}>
            {(agent) => (
              <tr>
                <td class="mono">{agent.id}</td>
                <td class="mono">{agent.state}</td>
                <td class="mono">{agent.model}</td>
                <td>{agent.turn}</td>
                <td>{formatTokens(agent.usage.inputTokens + agent.usage.outputTokens)}</td>
                <td>{formatCost(agent.usage.costUsd)}</td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
      <p class="field-hint mono">
        Run {props.run.id} · machine {props.run.machine} · active {props.run.activeStates.join(', ')}
      </p>
    </div>
  );
};
