import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createKanbots, type CreateKanbotsOptions, type Kanbots } from '../../src/kanbots.js';
import type { RunEvent } from '../../src/runs/run-events.js';
import { createTemporaryDirectory, createTestRepository, type TestRepository } from '../../src/testing/git-fixtures.js';
import { startScriptedModelServer, type ScriptedModelServer } from '../../src/testing/scripted-model-server/index.js';

/** A data directory, a real repository, a scripted model server and a board with one card. */
export interface RunFixture {
  kanbots: Kanbots;
  repository: TestRepository;
  server: ScriptedModelServer;
  dataDir: string;
  cardId: string;
  events: RunEvent[];
  reopen(options?: Partial<CreateKanbotsOptions>): Promise<Kanbots>;
  cleanup(): Promise<void>;
}

export const models = { developer: 'anthropic:dev-model', reviewer: 'anthropic:review-model', judge: 'anthropic:judge-model', planner: 'anthropic:plan-model', tester: 'anthropic:test-model' };

export async function createRunFixture(options: Partial<CreateKanbotsOptions> = {}, card: { title?: string; description?: string } = {}): Promise<RunFixture> {
  const temporary = await createTemporaryDirectory();
  const repository = await createTestRepository();
  const server = await startScriptedModelServer();
  const dataDir = join(temporary.path, 'data');
  const base = (): CreateKanbotsOptions => ({
    dataDir,
    providers: { anthropic: { apiKey: 'sk-ant-test-secret-key-123456', baseURL: server.anthropicBaseUrl } },
    defaults: { model: 'dev-model' },
    gitEnvironment: repository.gitEnvironment,
    ...options,
  });
  const events: RunEvent[] = [];
  const fixture: RunFixture = {
    kanbots: await createKanbots(base()),
    repository,
    server,
    dataDir,
    cardId: '',
    events,
    async reopen(more = {}) {
      await fixture.kanbots.close();
      fixture.kanbots = await createKanbots({ ...base(), ...more });
      fixture.kanbots.subscribe((event) => events.push(event));
      return fixture.kanbots;
    },
    async cleanup() {
      await fixture.kanbots.close().catch(() => undefined);
      await server.close();
      await repository.cleanup();
      await rm(temporary.path, { recursive: true, force: true });
    },
  };
  fixture.kanbots.subscribe((event) => events.push(event));
  const change = await fixture.kanbots.board.dispatch({
    type: 'card.create',
    title: card.title ?? 'Spell out line two',
    description: card.description ?? 'In src/app.txt, spell out the number on line 2.',
    target: { repository: repository.path },
  });
  fixture.cardId = change.createdId!;
  return fixture;
}

export const finish = (summary: string) => ({ toolCalls: [{ name: 'finish', input: { summary } }] });
export const approve = (summary = 'Looks good.') => ({ toolCalls: [{ name: 'submit_review', input: { verdict: 'approve', summary, findings: [] } }] });
export const requestChanges = (message: string, file = 'src/app.txt') => ({
  toolCalls: [{ name: 'submit_review', input: { verdict: 'request_changes', findings: [{ file, line: 2, severity: 'major', message }] } }],
});
export const write = (path: string, content: string) => ({ toolCalls: [{ name: 'write_file', input: { path, content } }] });
