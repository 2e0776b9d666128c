import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAnthropicModel, MemorySecretStore, type ResolvedModel } from '@kanbots/core';
import type { ProtocolSession } from '@kanbots/core/protocol';
import { createTestRepository, startScriptedModelServer, type ScriptedModelServer, type TestRepository } from '@kanbots/core/testing';
import { openCoreRuntime, type CoreRuntime } from '../../src/host/core-runtime.js';
import type { Transport, TransportHandlers } from '../../src/ui/transport/transport.js';

/**
 * The real host side for UI tests: the host's core runtime (board service, run manager, settings,
 * the protocol hub with every command handler the host registers) on a temp data directory, a
 * real git repository, and the scripted model server behind every agent. A model choice names the
 * scripted lane: `provider:lane` → lane. `restart()` closes the runtime and opens it again on the
 * same data directory, as a host restart does; the UI's transport reconnects to the new one.
 * Test files using it lift happy-dom's same-origin rule for fetch (the host's model requests run
 * in this process, where happy-dom's fetch stands in for Node's).
 */
export interface RealHost {
  runtime: CoreRuntime;
  server: ScriptedModelServer;
  repository: TestRepository;
  /** A transport for the UI straight into the hub, frames round-tripped through JSON text. */
  transport: InProcessTransport;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startRealHost(): Promise<RealHost> {
  const root = await mkdtemp(join(tmpdir(), 'kanbots-ui-contract-'));
  const repository = await createTestRepository();
  const server = await startScriptedModelServer();
  const model = outsideTheDom(() => createAnthropicModel({ apiKey: 'scripted-test-key', baseURL: server.anthropicBaseUrl }));
  const secretStore = new MemorySecretStore();
  const resolveModel = (choice: string | undefined): ResolvedModel => ({ model, provider: 'scripted', modelName: choice?.replace(/^[a-z-]+:/, '') || 'default-lane' });
  const open = () =>
    openCoreRuntime({
      dataDir: join(root, 'data'),
      configDir: join(root, 'config'),
      secretStore,
      env: {},
      resolveModel,
      kanbots: { gitEnvironment: repository.gitEnvironment },
    });
  const host: RealHost = {
    runtime: await open(),
    server,
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
      await repository.cleanup();
      await rm(root, { recursive: true, force: true });
    },
  };
  return host;
}

/** The UI's transport, connected to a hub in the same process: text frames in, JSON copies out. */
export class InProcessTransport implements Transport {
  readonly kind = 'websocket' as const;
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
    void this.session.receiveText(JSON.stringify(message));
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
