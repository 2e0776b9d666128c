import type { RunStatus, WorkflowKind } from '@kanbots/core/protocol';
import type { ScriptedStep } from '@kanbots/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppState } from '../../src/ui/state/app-state.js';
import { until } from './protocol-peer.js';
import { startRealHost, type RealHost } from './real-host.js';
import { renderAppOver } from './render-app.js';
import { clickButton, openCard, recordingSink } from './runs-fixtures.js';

/**
 * The UI against the real host side (core runtime, protocol session, board service, scripted
 * model): each workflow started from the run form as a user fills it in reaches its human gate,
 * and after a host restart every run — merged, failed with an agent error, cancelled,
 * interrupted, at the gate — is back on its card, none dropped.
 */

const finish = (summary: string): ScriptedStep => ({ toolCalls: [{ name: 'finish', input: { summary } }] });
const approve = (summary: string): ScriptedStep => ({ toolCalls: [{ name: 'submit_review', input: { verdict: 'approve', summary, findings: [] } }] });
const judge = (recommended: string): ScriptedStep => ({
  toolCalls: [{ name: 'submit_judgement', input: { recommended, reasons: [{ candidate: recommended, reason: 'the smaller change' }] } }],
});

/** What each workflow's agents answer, in the order they ask (one lane per workflow). */
const scripts: Record<'solo' | 'dev-review' | 'best-of-n' | 'pipeline', ScriptedStep[]> = {
  solo: [finish('SOLO: nothing else needed')],
  'dev-review': [finish('DEV: done'), approve('REVIEW: fine')],
  'best-of-n': [finish('CANDIDATE: one'), finish('CANDIDATE: two'), judge('candidate-1')],
  pipeline: [finish('PLAN: one step'), finish('DEV: done'), finish('TEST: green'), approve('REVIEW: fine')],
};

describe('the UI against the real host', () => {
  let host: RealHost;
  let app: AppState;
  let root: HTMLElement;
  let unmount: () => void = () => {};
  const cards: Partial<Record<string, string>> = {};

  beforeAll(async () => {
    host = await startRealHost();
    const rendered = await renderAppOver(host.transport, { notifications: recordingSink(), connection: { backoff: { initialMs: 5, maximumMs: 20 } } });
    ({ app, root, unmount } = rendered);
    await until(() => app.board.source() === 'host');
    // The board's one project: every card created from the UI belongs to it, and the run form starts on it.
    expect(await app.projects.add({ repository: host.repository.path, name: 'repository', baseBranch: 'main' })).toBeDefined();
  }, 60_000);

  afterAll(async () => {
    unmount();
    await host?.stop();
  });

  /** Creates a card from the UI and returns its id once the host gave it one. */
  const createCard = async (title: string): Promise<string> => {
    app.intents.createCard(app.board.columns()[0]!.id, title);
    await until(() => app.board.pendingCount() === 0 && app.board.board()!.cards.some((card) => card.title === title));
    const id = app.board.board()!.cards.find((card) => card.title === title)!.id;
    cards[title] = id;
    return id;
  };

  /** Fills in the run form of the card as a user does and presses Run. */
  const startFromForm = async (cardId: string, workflow: WorkflowKind, lane: string, more: (form: HTMLFormElement) => void = () => {}): Promise<void> => {
    openCard(root, cardId);
    await until(() => root.querySelector('.run-start') !== null);
    const form = root.querySelector<HTMLFormElement>('.run-start')!;
    form.querySelector<HTMLInputElement>(`input[value="${workflow}"]`)!.click();
    await until(() => form.querySelector<HTMLInputElement>(`input[value="${workflow}"]`)!.checked);
    form.querySelector<HTMLInputElement>('input[name="model"]')!.value = lane;
    expect(form.querySelector<HTMLSelectElement>('select[name="project"]')!.selectedOptions[0]?.textContent).toBe('repository');
    expect(form.querySelector<HTMLInputElement>('input[name="baseBranch"]')!.value).toBe('main');
    more(form);
    clickButton(form, 'Run');
  };

  const statusOf = (cardId: string): RunStatus | undefined => app.runs.runOfCard(cardId)?.status;

  for (const workflow of ['solo', 'dev-review', 'best-of-n', 'pipeline'] as const) {
    it(`starts ${workflow} from the run form and reaches the human gate`, async () => {
      host.server.script(`${workflow}-lane`, scripts[workflow]);
      const cardId = await createCard(`Card for ${workflow}`);
      await startFromForm(cardId, workflow, `${workflow}-lane`, (form) => {
        if (workflow === 'best-of-n') form.querySelector<HTMLInputElement>('input[name="candidates"]')!.value = '2';
      });
      await until(() => app.runs.runOfCard(cardId)?.gate !== undefined, () => ({ run: app.runs.runOfCard(cardId)?.statusText, toasts: app.toasts.toasts(), problems: app.runs.problems() }));
      const run = app.runs.runOfCard(cardId)!;
      expect(run.status).toBe('needs_you');
      expect(run.workflow).toBe(workflow);
      expect(app.toasts.toasts()).toEqual([]);
      expect(app.runs.problems()).toEqual([]);
      if (workflow === 'pipeline') expect(run.agents.map((agent) => agent.role)).toEqual(['planner', 'developer', 'tester', 'reviewer']);
      if (workflow === 'best-of-n') expect(run.gate?.candidates.map((candidate) => candidate.recommended)).toEqual([true, false]);
    }, 60_000);
  }

  it('brings every run back on its card after a host restart: merged, failed with an agent error, cancelled, interrupted, at the gate', async () => {
    // Merged and cancelled, from the UI.
    expect(await app.runs.merge(app.runs.runOfCard(cards['Card for solo']!)!.id)).toBe(true);
    await until(() => statusOf(cards['Card for solo']!) === 'merged');
    expect(await app.runs.cancel(app.runs.runOfCard(cards['Card for best-of-n']!)!.id)).toBe(true);
    await until(() => statusOf(cards['Card for best-of-n']!) === 'cancelled');
    // Failed: the provider refuses the key, which is no use retrying.
    host.server.script('failing-lane', [{ fault: 'status', status: 401, message: 'invalid x-api-key' }]);
    const failing = await createCard('Card that fails');
    await startFromForm(failing, 'solo', 'failing-lane');
    await until(() => statusOf(failing) === 'failed');
    expect(app.runs.runOfCard(failing)!.agents[0]!.error).toMatchObject({ name: 'ProviderError', retryable: false });
    // Interrupted: the model never answers, the host stops mid-request.
    host.server.script('hanging-lane', [{ fault: 'hang' }]);
    const hanging = await createCard('Card whose host stops');
    await startFromForm(hanging, 'solo', 'hanging-lane');
    await until(() => host.server.requests.some((request) => request.model === 'hanging-lane'));

    const before = Object.fromEntries(Object.entries(cards).map(([title, id]) => [title, statusOf(id!)]));
    expect(before).toEqual({
      'Card for solo': 'merged',
      'Card for dev-review': 'needs_you',
      'Card for best-of-n': 'cancelled',
      'Card for pipeline': 'needs_you',
      'Card that fails': 'failed',
      'Card whose host stops': 'running',
    });

    await host.restart();
    await until(() => app.connectionState() !== 'online');
    await until(() => app.connectionState() === 'online' && statusOf(hanging) === 'interrupted');

    const after = Object.fromEntries(Object.entries(cards).map(([title, id]) => [title, statusOf(id!)]));
    expect(after).toEqual({ ...before, 'Card whose host stops': 'interrupted' });
    expect(app.runs.problems()).toEqual([]);
    const failed = app.runs.runOfCard(failing)!;
    expect(failed.agents[0]!.error).toMatchObject({ name: 'ProviderError', retryable: false });
    // The failed run is still shown on its card, with its reason.
    openCard(root, failing);
    await until(() => root.querySelector(`.run[data-run-id="${failed.id}"]`) !== null);
    expect(root.querySelector('.run-section .run-error[data-run-id]')).toBeNull();
  }, 90_000);
});
