import type { Card } from '@kanbots/core/model';
import { For, Show, createSignal, type Component } from 'solid-js';
import { useAppState } from '../app-context.js';
import type { PreflightProblem, RunStartArgs } from '@kanbots/core/protocol';
import { copyText } from '../state/copy-text.js';
import { openInBrowser } from '../transport/neutralino-bridge.js';
import { RunLiveView, type RunActions } from './run-live-view.js';
import { RunStartForm } from './run-start-form.js';
import { workflowLabel } from './run-messages.js';
import { isActive } from './run-status.js';
import { DevServerPanel } from '../worktrees/dev-server-panel.js';

/** The card panel's run part (container): the live run when there is one, else the start form. */
export const CardRunSection: Component<{ card: Card }> = (props) => {
  const app = useAppState();
  // The form's defaults come from the settings: show it once they are known (or known missing).
  const [settingsChecked, setSettingsChecked] = createSignal(false);
  void app.settings.ensureLoaded().finally(() => setSettingsChecked(true));
  const [starting, setStarting] = createSignal(false);
  const [startingAnother, setStartingAnother] = createSignal(false);
  const run = () => app.runs.runOfCard(props.card.id);
  // The check before a run: its problems show next to their fields; a run starts only without any.
  const [problems, setProblems] = createSignal<readonly PreflightProblem[]>([]);
  let checks = 0;
  const check = async (request: RunStartArgs): Promise<readonly PreflightProblem[] | undefined> => {
    const mine = (checks += 1);
    const found = await app.settings.checkRun(request);
    if (found !== undefined && mine === checks) setProblems(found);
    return found;
  };
  const start = async (request: RunStartArgs): Promise<void> => {
    app.notifications.requestPermission();
    setStarting(true);
    const found = await check(request);
    const started = found !== undefined && found.length === 0 ? await app.runs.start(request) : undefined;
    setStarting(false);
    if (started) setStartingAnother(false);
  };
  const actionsFor = (runId: string): RunActions => ({
    pause: (agentId) => void app.runs.pause(runId, agentId),
    resume: (agentId) => void app.runs.resume(runId, agentId),
    cancel: () => void app.runs.cancel(runId),
    retry: () => void app.runs.retry(runId),
    stopRetrying: () => void app.runs.stopRetrying(runId),
    followUp: (text) => void app.runs.followUp(runId, text),
    approve: (agentId, callId) => void app.runs.approve(runId, agentId, callId),
    deny: (agentId, callId, reason) => void app.runs.deny(runId, agentId, callId, reason),
    diff: (candidateId) => app.runs.diff(runId, candidateId),
    merge: (candidateId) => void app.runs.merge(runId, candidateId),
    discard: () => void app.runs.discard(runId),
    undoGitConfig: () => void app.runs.undoGitConfig(runId),
    openSettings: (target) => app.settings.open(target),
    openPullRequest: (candidateId, request) => void app.runs.openPullRequest(runId, { ...(candidateId === undefined ? {} : { candidateId }), ...request }),
    pullRequestDraft: () => app.runs.pullRequestDraft(runId),
    sendPullRequestFeedback: () => void app.runs.sendPullRequestFeedback(runId),
    ...(app.transportKind === 'neutralino' ? { openLink: (url: string) => void openInBrowser(url) } : {}),
    changeModel: () => {
      void app.runs.cancel(runId);
      setStartingAnother(true);
    },
  });
  const form = () => (
    <Show when={settingsChecked()} fallback={<p class="field-hint">Loading the run settings…</p>}>
      <RunStartForm
        card={props.card}
        projects={app.projects.projects()}
        addProject={() => app.projects.openPicker((projectId) => app.intents.updateCard(props.card.id, { projectId }))}
        assignProject={(projectId) => app.intents.updateCard(props.card.id, { projectId })}
        settings={app.settings.settings()}
        workflows={app.workflows()}
        demo={app.demo()}
        disabled={starting() || app.connectionState() !== 'online'}
        start={(request) => void start(request)}
        problems={problems()}
        check={(request) => void check(request)}
        fixes={{ openSettings: (target) => app.settings.open(target), copy: copyText }}
      />
    </Show>
  );
  return (
    <div class="panel-section run-section" data-testid="run-section">
      <For each={app.runs.problemsOfCard(props.card.id)}>
        {(problem) => (
          <p class="run-error" role="alert" data-run-id={problem.runId}>
            This run could not be displayed: {problem.reason}
          </p>
        )}
      </For>
      <Show when={run()} fallback={form()}>
        {(current) => (
          <>
            <RunLiveView
              run={current()}
              workflowLabel={workflowLabel(app.workflows(), current().workflow)}
              graph={app.runs.statechart(current().machine)}
              liveText={(agentId) => app.runs.liveText(current().id, agentId)}
              actions={actionsFor(current().id)}
            />
            {/* The card's dev server runs in the run's worktree: there while the run keeps it. */}
            <Show when={!['merged', 'discarded', 'cancelled'].includes(current().status)}>
              <DevServerPanel
                server={app.devServers.of(props.card.id)}
                problem={app.devServers.problem(props.card.id)}
                busy={app.devServers.busy() === props.card.id}
                load={() => void app.devServers.load(props.card.id)}
                start={() => void app.devServers.start(props.card.id)}
                stop={() => void app.devServers.stop(props.card.id)}
              />
            </Show>
            <Show when={!isActive(current())}>
              <Show
                when={startingAnother()}
                fallback={
                  <button type="button" class="button" onClick={() => setStartingAnother(true)}>
                    Run again…
                  </button>
                }
              >
                {form()}
              </Show>
            </Show>
          </>
        )}
      </Show>
    </div>
  );
};
