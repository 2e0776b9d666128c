import { access, mkdir, mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtInPersonas, createAnthropicModel, MemorySecretStore, type Persona, type ResolvedModel } from '@kanbots/core';
import { createDemoRepository, demoCard, demoModels, scriptDemo, startScriptedModelServer, type ScriptedModelServer } from '@kanbots/core/testing';
import { startHost, type RunningHost, type StartHostOptions } from './host.js';

/**
 * `kanbots demo` / `npm run demo`: Kanbots on a sample repository and board whose agents talk to
 * the SCRIPTED model server — no AI, no API key, nothing leaves the machine. The developer and the
 * reviewer follow a fixed script (an approval, a change request, a second round, an approval), so a
 * newcomer sees a whole dev ⇄ review run and can merge it.
 */

export interface RunningDemo {
  host: RunningHost;
  server: ScriptedModelServer;
  repository: string;
  cardId: string;
  stop(): Promise<void>;
}

export interface StartDemoOptions extends Pick<StartHostOptions, 'port' | 'uiDir' | 'logger' | 'token'> {
  /** Pacing of the scripted answers (default: slow enough to follow). */
  latencyMs?: number;
  chunkDelayMs?: number;
  /**
   * A directory to keep the demo in (repository and data dir). When it already holds a demo, the
   * demo comes back as it was left (its runs too); the caller owns it and `stop` keeps it.
   */
  directory?: string;
  /** A scripted model server to reuse (already scripted); the caller owns it and `stop` keeps it open. */
  server?: ScriptedModelServer;
}

/** The demo's second card, for best-of-N or any instruction of the newcomer's own. */
export const demoOwnCardTitle = 'Try your own card';

/** What the run form shows, locked, in place of provider and model. */
export const DEMO_LABEL = 'Demo — scripted, no AI';

export async function startDemo(options: StartDemoOptions = {}): Promise<RunningDemo> {
  const ownsRoot = options.directory === undefined;
  if (options.directory !== undefined) await mkdir(options.directory, { recursive: true });
  const root = await realpath(options.directory ?? (await mkdtemp(join(tmpdir(), 'kanbots-demo-'))));
  const repository = join(root, 'kanbots-demo');
  const fresh = !(await exists(repository));
  if (fresh) {
    await mkdir(repository);
    await createDemoRepository(repository);
  }
  const ownsServer = options.server === undefined;
  const server = options.server ?? (await startScriptedModelServer({ replayAbortedReplies: true }));
  if (ownsServer) scriptDemo(server, { ...(options.latencyMs === undefined ? {} : { latencyMs: options.latencyMs }), ...(options.chunkDelayMs === undefined ? {} : { chunkDelayMs: options.chunkDelayMs }) });
  const release = async (): Promise<void> => {
    if (ownsServer) await server.close();
    if (ownsRoot) await rm(root, { recursive: true, force: true });
  };
  const model = createAnthropicModel({ apiKey: 'scripted-demo-key', baseURL: server.anthropicBaseUrl });
  const resolveModel = (choice: string | undefined): ResolvedModel => {
    const modelName = choice?.replace(/^[a-z-]+:/, '') || demoModels.developer;
    return { model, provider: 'scripted', modelName };
  };
  const personas: Persona[] = builtInPersonas.map((persona) =>
    persona.role === 'reviewer' ? { ...persona, model: demoModels.reviewer } : { ...persona, model: demoModels.developer },
  );
  let host: RunningHost | undefined;
  try {
    host = await startHost({
      ...options,
      dataDir: join(root, 'data'),
      configDir: join(root, 'config'),
      secretStore: new MemorySecretStore(),
      env: {},
      resolveModel,
      demo: { label: DEMO_LABEL },
      // Cards made in the demo (and "Try your own card") work on the demo repository.
      defaultRepository: repository,
      kanbots: { personas, gitEnvironment: { GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 'Kanbots Demo', GIT_AUTHOR_EMAIL: 'demo@kanbots.invalid', GIT_COMMITTER_NAME: 'Kanbots Demo', GIT_COMMITTER_EMAIL: 'demo@kanbots.invalid' } },
    });
    const cardId = (fresh ? undefined : findDemoCard(host)) ?? (await seedBoard(host, repository));
    const running = host;
    return {
      host: running,
      server,
      repository,
      cardId,
      stop: async () => {
        await running.stop();
        await release();
      },
    };
  } catch (error) {
    await host?.stop();
    await release();
    throw error;
  }
}

async function seedBoard(host: RunningHost, repository: string): Promise<string> {
  const board = host.kanbots.board;
  await board.dispatch({ type: 'board.rename', name: 'Kanbots demo — scripted, no AI' });
  const change = await board.dispatch({ type: 'card.create', title: demoCard.title, description: `${demoCard.description}\n\nThe agents on this board are a scripted model: no AI is involved.`, labels: [...demoCard.labels], target: { repository, baseBranch: 'main' } });
  await board.dispatch({ type: 'card.create', title: demoOwnCardTitle, description: 'Run this card (try Best of N) or one of your own: the scripted agents act out any card by writing it down, so you can press every button — follow up, deny, pick a candidate. No AI reads your words.', labels: ['demo'], target: { repository, baseBranch: 'main' } });
  return change.createdId!;
}

function findDemoCard(host: RunningHost): string | undefined {
  return host.kanbots.board.getBoard().cards.find((card) => card.title === demoCard.title)?.id;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
