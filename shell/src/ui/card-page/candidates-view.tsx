import type { AgentView, DiffFileView, GateView, RunView } from '@kanbots/core/protocol';
import { For, Show, createResource, createSignal, type Component } from 'solid-js';
import { countOf } from '../components/plural.js';
import { ConfirmDialog } from '../runs/confirm-dialog.js';
import { formatCost } from '../runs/run-status.js';

type Candidate = GateView['candidates'][number];

/** The last test command an agent ran, and how it ended (undefined: it ran none). */
export function testsOf(agent: AgentView | undefined): 'passed' | 'failed' | 'running' | undefined {
  const call = agent?.toolCalls.findLast((candidate) => candidate.name === 'run_command' && /\btest/i.test(JSON.stringify(candidate.input ?? '')));
  if (!call) return undefined;
  if (call.status === 'done') return /exit code [1-9]|\bfail/i.test(call.content ?? '') ? 'failed' : 'passed';
  if (call.status === 'running' || call.status === 'awaiting_approval') return 'running';
  return 'failed';
}

const TEST_WORDS = { passed: 'tests passed', failed: 'tests failed', running: 'tests running' } as const;

/** best-of-N side by side: each candidate's model, cost, tests and diff stats, the judge's pick and reasons; look at one, merge it, discard the others. */
export const CandidatesView: Component<{
  run: RunView;
  gate: GateView;
  shown: string | undefined;
  show: (candidateId: string) => void;
  merge: (candidateId: string) => void;
  discard: (candidateId: string) => void;
  /** The candidate's diff, for its stats when the gate has none. */
  diff: (candidateId: string) => Promise<{ files: DiffFileView[] } | { problem: string }>;
}> = (props) => {
  const [discarding, setDiscarding] = createSignal<Candidate | undefined>();
  const agentOf = (candidate: Candidate): AgentView | undefined => props.run.agents.find((agent) => agent.id === candidate.agentId);
  return (
    <section class="candidates-page" aria-label="Candidates">
      <For each={props.gate.candidates}>
        {(candidate) => {
          const agent = (): AgentView | undefined => agentOf(candidate);
          const tests = (): ReturnType<typeof testsOf> => testsOf(agent());
          const [read] = createResource(
            () => (candidate.stats ? undefined : candidate.id),
            async (id) => {
              const result = await props.diff(id);
              return 'files' in result ? { files: result.files.length, additions: result.files.reduce((sum, file) => sum + file.additions, 0), deletions: result.files.reduce((sum, file) => sum + file.deletions, 0) } : undefined;
            },
          );
          const stats = (): Candidate['stats'] => candidate.stats ?? read();
          return (
            <article class="candidate-card" classList={{ 'candidate-card-shown': props.shown === candidate.id, 'candidate-card-pick': candidate.recommended }} data-candidate={candidate.id} aria-label={candidate.label}>
              <header class="candidate-card-header">
                <h3 class="section-title">{candidate.label}</h3>
                <Show when={candidate.recommended}>
                  <span class="badge badge-accent">judge's pick</span>
                </Show>
              </header>
              <dl class="candidate-facts">
                <dt>Model</dt>
                <dd class="mono">{agent()?.model ?? '—'}</dd>
                <dt>Cost</dt>
                <dd>{agent() ? formatCost(agent()!.usage.costUsd) : '—'}</dd>
                <dt>Tests</dt>
                <dd>{tests() ? TEST_WORDS[tests()!] : 'none run'}</dd>
                <dt>Changes</dt>
                <dd>
                  {stats() ? (
                    <>
                      {countOf(stats()!.files, 'file')} <span class="diff-plus">+{stats()!.additions}</span> <span class="diff-minus">−{stats()!.deletions}</span>
                    </>
                  ) : (
                    '—'
                  )}
                </dd>
              </dl>
              <Show when={candidate.reason}>
                <p class="candidate-reason">{candidate.reason}</p>
              </Show>
              <div class="panel-actions">
                <button type="button" class="button button-small" aria-pressed={props.shown === candidate.id} onClick={() => props.show(candidate.id)}>
                  Show its changes
                </button>
                <button type="button" class="button button-small button-primary" onClick={() => props.merge(candidate.id)}>
                  Merge this one
                </button>
                <button type="button" class="button button-small button-danger-ghost" onClick={() => setDiscarding(candidate)}>
                  Discard…
                </button>
              </div>
            </article>
          );
        }}
      </For>
      <Show when={discarding()}>
        {(candidate) => (
          <ConfirmDialog
            title={`Discard ${candidate().label}?`}
            confirmLabel="Discard"
            cancelLabel="Keep"
            danger
            confirm={() => {
              // Read before closing: once the dialog's condition is cleared, Solid refuses a stale read of `candidate`.
              const { id } = candidate();
              setDiscarding(undefined);
              props.discard(id);
            }}
            cancel={() => setDiscarding(undefined)}
          >
            Its work is committed and kept on its branch ({candidate().branch}); the other candidates stay.
          </ConfirmDialog>
        )}
      </Show>
    </section>
  );
};
