import { mkdir, mkdtemp, realpath, rm } from 'node:fs/promises';
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
}

export const DEMO_LABEL = 'scripted model (demo) — no AI is involved';

export async function startDemo(options: StartDemoOptions = {}): Promise<RunningDemo> {
  const root = await realpath(await mkdtemp(join(tmpdir(), 'kanbots-demo-')));
  const repository = join(root, 'kanbots-demo');
  await mkdir(repository);
  await createDemoRepository(repository);
  const server = await startScriptedModelServer();
  scriptDemo(server, { ...(options.latencyMs === undefined ? {} : { latencyMs: options.latencyMs }), ...(options.chunkDelayMs === undefined ? {} : { chunkDelayMs: options.chunkDelayMs }) });
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
      kanbots: { personas, gitEnvironment: { GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 'Kanbots Demo', GIT_AUTHOR_EMAIL: 'demo@kanbots.invalid', GIT_COMMITTER_NAME: 'Kanbots Demo', GIT_COMMITTER_EMAIL: 'demo@kanbots.invalid' } },
    });
    const board = host.kanbots.board;
    await board.dispatch({ type: 'board.rename', name: `Kanbots demo · ${DEMO_LABEL}` });
    const change = await board.dispatch({ type: 'card.create', title: demoCard.title, description: `${demoCard.description}\n\nThe agents on this board are a ${DEMO_LABEL}.`, labels: [...demoCard.labels], target: { repository, baseBranch: 'main' } });
    await board.dispatch({ type: 'card.create', title: 'Try your own card', description: 'Cards you create here also run against the scripted model, which only knows the demo script.', labels: ['demo'] });
    const cardId = change.createdId!;
    const running = host;
    return {
      host: running,
      server,
      repository,
      cardId,
      stop: async () => {
        await running.stop();
        await server.close();
        await rm(root, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await host?.stop();
    await server.close();
    await rm(root, { recursive: true, force: true });
    throw error;
  }
}
