import { afterEach, describe, expect, it } from 'vitest';
import { ProtocolPeer, testBoard, testCard, until } from './protocol-peer.js';
import { renderApp } from './render-app.js';
import { answerCommands, clickButton, devReviewGraph, openCard, recordingSink, testRun } from './runs-fixtures.js';

describe('starting a run from a card', () => {
  let peer: ProtocolPeer;
  let cleanup: () => void = () => {};
  let stopAnswering: () => void = () => {};

  afterEach(async () => {
    stopAnswering();
    cleanup();
    await peer?.stop();
  });

  const start = async (): Promise<{ root: HTMLElement; sink: ReturnType<typeof recordingSink> }> => {
    peer = new ProtocolPeer(testBoard([{ ...testCard('a', 'backlog', 0, 'Fix login'), target: { repository: '/home/dev/app', baseBranch: 'develop' } }]));
    peer.snapshotExtras = { runs: [], statecharts: { devReview: devReviewGraph } };
    await peer.start();
    stopAnswering = answerCommands(peer, { 'run.start': () => testRun({ status: 'queued', statusText: 'waiting for a slot' }) });
    const sink = recordingSink();
    const { root, unmount } = await renderApp(peer, { notifications: sink });
    cleanup = unmount;
    openCard(root, 'a');
    await until(() => root.querySelector('.run-start') !== null);
    return { root, sink };
  };

  it('sends run.start with the workflow, defaults from the settings and the card target', async () => {
    const { root, sink } = await start();
    const form = root.querySelector<HTMLFormElement>('.run-start')!;
    // A card from before projects works on its own repository: the one "Project" choice, pre-selected.
    expect(form.querySelector<HTMLSelectElement>('select[name="project"]')!.selectedOptions[0]?.textContent).toBe('/home/dev/app (this card’s own)');
    expect(form.querySelector<HTMLInputElement>('input[name="baseBranch"]')!.value).toBe('develop');
    expect(form.querySelector<HTMLInputElement>('input[name="model"]')!.value).toBe('claude-sonnet-4-6');
    expect(form.querySelector<HTMLInputElement>('input[name="persona-reviewer"]')!.value).toBe('strict-reviewer');
    form.querySelector<HTMLInputElement>('input[name="maxRounds"]')!.value = '2';
    clickButton(form, 'Run');
    await until(() => peer.commands.some((command) => command.name === 'run.start'));
    const command = peer.commands.find((candidate) => candidate.name === 'run.start')!;
    expect(command.args).toEqual({
      cardId: 'a',
      workflow: 'dev-review',
      options: {
        provider: 'anthropic',
        model: 'claude-sonnet-4-6',
        personas: { developer: 'developer', reviewer: 'strict-reviewer' },
        maxRounds: 2,
        repository: '/home/dev/app',
        baseBranch: 'develop',
        network: 'off',
      },
    });
    expect(sink.permissionRequests).toBe(1);
    await until(() => root.querySelector('.run[data-run-id="run-1"]') !== null);
    expect(root.querySelector('.run .run-pill')?.getAttribute('aria-label')).toBe('Run: Queued');
  });

  it('sends the candidates of best-of-N and the steps of a pipeline', async () => {
    const { root } = await start();
    const form = root.querySelector<HTMLFormElement>('.run-start')!;
    form.querySelector<HTMLInputElement>('input[value="best-of-n"]')!.click();
    await until(() => form.querySelector('input[name="candidates"]') !== null);
    form.querySelector<HTMLInputElement>('input[name="candidates"]')!.value = '4';
    form.querySelector<HTMLSelectElement>('select[name="provider"]')!.value = 'openai';
    form.querySelector<HTMLSelectElement>('select[name="provider"]')!.dispatchEvent(new Event('change', { bubbles: true }));
    await until(() => form.querySelector<HTMLInputElement>('input[name="model"]')!.value === 'gpt-5');
    clickButton(form, 'Run');
    await until(() => peer.commands.some((command) => command.name === 'run.start'));
    const args = peer.commands.find((candidate) => candidate.name === 'run.start')!.args as { workflow: string; options: Record<string, unknown> };
    expect(args.workflow).toBe('best-of-n');
    expect(args.options).toMatchObject({ provider: 'openai', model: 'gpt-5', candidates: 4, personas: { developer: 'developer', judge: 'judge' } });
    expect(args.options).not.toHaveProperty('maxRounds');
  });

  it('sends pipeline steps in order', async () => {
    const { root } = await start();
    const form = root.querySelector<HTMLFormElement>('.run-start')!;
    form.querySelector<HTMLInputElement>('input[value="pipeline"]')!.click();
    await until(() => form.querySelector('input[name="steps"]') !== null);
    const steps = form.querySelector<HTMLInputElement>('input[name="steps"]')!;
    steps.value = 'planner, developer, reviewer';
    steps.dispatchEvent(new Event('input', { bubbles: true }));
    clickButton(form, 'Run');
    await until(() => peer.commands.some((command) => command.name === 'run.start'));
    const args = peer.commands.find((candidate) => candidate.name === 'run.start')!.args as { options: Record<string, unknown> };
    // The host's shape: one `{ role, persona }` per step (the peer checks it with the host's schema).
    expect(args.options['steps']).toEqual([
      { role: 'planner', persona: 'planner' },
      { role: 'developer', persona: 'developer' },
      { role: 'reviewer', persona: 'strict-reviewer' },
    ]);
    expect(Object.keys(args.options['personas'] as object)).toEqual(['planner', 'developer', 'reviewer']);
  });

  it('says which pipeline step is not a role and sends nothing', async () => {
    const { root } = await start();
    const form = root.querySelector<HTMLFormElement>('.run-start')!;
    form.querySelector<HTMLInputElement>('input[value="pipeline"]')!.click();
    await until(() => form.querySelector('input[name="steps"]') !== null);
    const steps = form.querySelector<HTMLInputElement>('input[name="steps"]')!;
    steps.value = 'planner, designer';
    steps.dispatchEvent(new Event('input', { bubbles: true }));
    await until(() => form.querySelector('[role="alert"]') !== null);
    expect(form.querySelector('[role="alert"]')?.textContent).toContain('Not a role: designer');
    expect(form.querySelector<HTMLButtonElement>('button[type="submit"]')!.disabled).toBe(true);
    form.requestSubmit();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(peer.commands.some((command) => command.name === 'run.start')).toBe(false);
  });
});
