import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAnthropicModel, MemorySecretStore, type ResolvedModel } from '@kanbots/core';
import { parseModelChoice, type ProtocolSession } from '@kanbots/core/protocol';
import { createTestRepository, runTestGit, startScriptedGitHubServer, startScriptedModelServer, type ScriptedGitHubServer, type ScriptedModelServer, type TestRepository } from '@kanbots/core/testing';
import { fetch as nodeFetch } from 'undici';
import { openCoreRuntime, type CoreRuntime } from '../../src/host/core-runtime.js';
import { createDemoLauncher } from '../../src/host/demo-launcher.js';
import { startDemoProcess } from './demo-process.js';
import type { Transport, TransportHandlers } from '../../src/ui/transport/transport.js';

/**
 * The real host side for UI tests: the host's core runtime (board service, run manager, settings,
 * the protocol hub with every command handler the host registers) on a temp data directory, a
 * real git repository, and the scripted model server behind every agent. A model choice names the
 * scripted lane: `provider:lane` → lane. `restart()` closes the runtime and opens it again on the
 * same data directory, as a host restart does; the UI's transport reconnects to the new one.
 * The host's model requests run in this process, where happy-dom's browser fetch stands in for
 * Node's global one (and logs every refused request as a browser does); the host's SDK is given
 * Node's HTTP client (undici, what Node's own fetch is) instead, as it has in a real host.
 */
export interface RealHost {
  runtime: CoreRuntime;
  server: ScriptedModelServer;
  repository: TestRepository;
  /** The scripted GitHub API the host opens pull requests on (repository acme/widgets, remote `origin` a bare repository). */
  github: ScriptedGitHubServer;
  /** A transport for the UI straight into the hub, frames round-tripped through JSON text. */
  transport: InProcessTransport;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startRealHost(): Promise<RealHost> {
  const root = await mkdtemp(join(tmpdir(), 'kanbots-ui-contract-'));
  const repository = await createTestRepository();
  const server = await startScriptedModelServer();
  const model = outsideTheDom(() => createAnthropicModel({ apiKey: 'scripted-test-key', baseURL: server.anthropicBaseUrl, fetch: nodeFetch as unknown as typeof fetch }));
  const secretStore = new MemorySecretStore();
  const remote = join(root, 'widgets.git');
  await runTestGit(root, ['init', '--quiet', '--bare', '--initial-branch=main', remote]);
  await repository.git(['remote', 'add', 'origin', remote]);
  await repository.git(['push', '--quiet', 'origin', 'main']);
  const github = await startScriptedGitHubServer({ repositories: [{ owner: 'acme', repo: 'widgets', bareRepository: remote }], tokens: { ghp_realHostContractToken000000000000: ['repo'] } });
  await secretStore.set('github.token', 'ghp_realHostContractToken000000000000');
  // An agent's record writes the choice back as `scripted:<lane>` (this harness's provider name).
  const laneOf = (choice: string | undefined): string => parseModelChoice(choice?.replace(/^scripted:/, ''), 'anthropic')?.model ?? 'default-lane';
  const resolveModel = (choice: string | undefined): ResolvedModel => ({ model, provider: 'scripted', modelName: laneOf(choice) });
  // The real demo, as `kanbots demo` in a process of its own (a host's server cannot run under happy-dom).
  const demoLauncher = () => createDemoLauncher({ startDemo: () => startDemoProcess() });
  const open = () =>
    openCoreRuntime({
      dataDir: join(root, 'data'),
      configDir: join(root, 'config'),
      secretStore,
      env: {},
      resolveModel,
      kanbots: {
        gitEnvironment: repository.gitEnvironment,
        github: { secrets: secretStore, ghCommand: join(root, 'no-gh'), apiBaseUrl: () => github.baseUrl, gitHubRepositoryOf: () => ({ host: 'github.com', owner: 'acme', repo: 'widgets' }), pollIntervalMs: 50, fetch: nodeFetch as unknown as typeof fetch },
      },
      demoLauncher: demoLauncher(),
    });
  const host: RealHost = {
    runtime: await open(),
    server,
    github,
    repository,
    transport: new InProcessTransport(() => host.runtime),
    async restart() {
      host.transport.disconnect();
      await host.runtime.close();
      host.runtime = await open();
      host.transport.reconnect();
    },
    async stop() {
      host.transport.close();
      await host.runtime.close();
      await server.close();
      await github.close();
      await repository.cleanup();
      await rm(root, { recursive: true, force: true });
    },
  };
  return host;
}

/**
 * The UI's transport, connected to a hub in the same process: text frames in, JSON copies out.
 * It keeps a ledger of what crossed it: each command the UI sent with how the host answered it
 * (`ok`, or the error's code), and each topic the host published to it.
 */
export class InProcessTransport implements Transport {
  readonly kind = 'websocket' as const;
  /** Per command name, the outcomes of its replies: `ok` or an error code. */
  readonly answered = new Map<string, Set<string>>();
  /** Every topic received, in events or batches. */
  readonly topics = new Set<string>();
  private readonly pending = new Map<string, string>();
  private session: ProtocolSession | undefined;
  private handlers: TransportHandlers | undefined;
  private closed = false;
  private paused = false;

  constructor(private readonly runtime: () => CoreRuntime) {}

  open(handlers: TransportHandlers): void {
    this.handlers = handlers;
    if (this.closed || this.paused) return queueMicrotask(() => handlers.onClose('the host is not running'));
    const session = this.runtime().hub.connect({
      send: (message) => {
        const copy = JSON.parse(JSON.stringify(message)) as unknown;
        this.note(copy);
        queueMicrotask(() => {
          if (this.session === session) handlers.onMessage(copy);
        });
      },
      close: () => {
        if (this.session !== session) return;
        this.session = undefined;
        queueMicrotask(() => handlers.onClose('the host closed the connection'));
      },
    });
    this.session = session;
    queueMicrotask(() => handlers.onOpen());
  }

  send(message: object): void {
    if (this.session === undefined) throw new Error('The connection to the host is not open');
    const command = message as { type?: unknown; id?: unknown; name?: unknown };
    if (command.type === 'command' && typeof command.id === 'string' && typeof command.name === 'string') this.pending.set(command.id, command.name);
    void this.session.receiveText(JSON.stringify(message));
  }

  private note(message: unknown): void {
    const sent = message as { type: string; id?: string | null; ok?: boolean; error?: { code: string }; topic?: string; events?: { topic: string }[] };
    if (sent.type === 'event' && sent.topic !== undefined) this.topics.add(sent.topic);
    if (sent.type === 'event.batch') for (const event of sent.events ?? []) this.topics.add(event.topic);
    if (sent.type !== 'reply' || typeof sent.id !== 'string') return;
    const name = this.pending.get(sent.id);
    if (name === undefined) return;
    this.pending.delete(sent.id);
    const outcomes = this.answered.get(name) ?? new Set<string>();
    outcomes.add(sent.ok === true ? 'ok' : (sent.error?.code ?? 'error'));
    this.answered.set(name, outcomes);
  }

  /** The host went away: the UI sees the connection close and retries until `reconnect`. */
  disconnect(): void {
    this.paused = true;
  }

  reconnect(): void {
    this.paused = false;
  }

  close(): void {
    this.closed = true;
    const session = this.session;
    this.session = undefined;
    session?.close();
  }
}

/**
 * The Anthropic SDK refuses to be built where a DOM exists (these tests run the UI in happy-dom),
 * to keep keys out of browsers. The host is a Node process, so the client is built as the host
 * builds it: with the DOM out of sight for that moment.
 */
function outsideTheDom<T>(create: () => T): T {
  const scope = globalThis as { window?: unknown };
  const window = scope.window;
  delete scope.window;
  try {
    return create();
  } finally {
    scope.window = window;
  }
}
