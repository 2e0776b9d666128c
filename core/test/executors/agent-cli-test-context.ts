import { mkdir, realpath, rm } from 'node:fs/promises';
import { createServer, type Socket } from 'node:net';
import path from 'node:path';
import type { AgentEvent } from '../../src/agents/agent-events.js';
import { createTestRepository, type TestRepository } from '../../src/testing/git-fixtures.js';

/**
 * What the real-CLI tests share: a real git repository with a worktree for the agent, a private
 * HOME, and a trap for outside traffic — a local TCP listener set as HTTP(S) proxy that destroys
 * every connection and counts them (the scripted server on 127.0.0.1 is reached directly).
 */

export interface OutsideTrafficTrap {
  url: string;
  readonly connections: number;
  close(): Promise<void>;
}

export async function startOutsideTrafficTrap(): Promise<OutsideTrafficTrap> {
  let connections = 0;
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    connections += 1;
    sockets.add(socket);
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    get connections() {
      return connections;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

export interface AgentWorkspace {
  repository: TestRepository;
  /** Real path of the agent's worktree (a `git worktree add` of the repository). */
  worktree: string;
  /** Private HOME for the CLI. */
  home: string;
  /** Base environment for the executor: PATH, private HOME, proxies pointing at the trap. */
  env: Record<string, string>;
  cleanup(): Promise<void>;
}

export async function createAgentWorkspace(trap: OutsideTrafficTrap): Promise<AgentWorkspace> {
  const repository = await createTestRepository();
  const parent = path.dirname(repository.path);
  const worktreePath = path.join(parent, 'agent-worktree');
  await repository.git(['worktree', 'add', '--quiet', '-b', 'kanbots/task-1', worktreePath]);
  const worktree = await realpath(worktreePath);
  const home = path.join(parent, 'home');
  const temporary = path.join(parent, 'tmp');
  await mkdir(home, { recursive: true });
  await mkdir(temporary, { recursive: true });
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: home,
    // The CLIs keep scratch folders in TMPDIR (claude-<uid>, codex-daemon-<uid>): keep them private.
    TMPDIR: temporary,
    LANG: 'C.UTF-8',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_CONFIG_NOSYSTEM: '1',
    HTTPS_PROXY: trap.url,
    HTTP_PROXY: trap.url,
    https_proxy: trap.url,
    http_proxy: trap.url,
    ALL_PROXY: trap.url,
    NO_PROXY: '127.0.0.1,localhost',
    no_proxy: '127.0.0.1,localhost',
  };
  return {
    repository,
    worktree,
    home,
    env,
    cleanup: async () => {
      await rm(home, { recursive: true, force: true });
      await rm(temporary, { recursive: true, force: true });
      await repository.cleanup();
    },
  };
}

/** Collects emitted events; `types()` lists their types in order. */
export function eventRecorder(): { events: AgentEvent[]; emit: (event: AgentEvent) => void; types: () => string[] } {
  const events: AgentEvent[] = [];
  return { events, emit: (event) => events.push(event), types: () => events.map((event) => event.type) };
}

/** Waits (without a time threshold in the assertion) until `condition` holds, polling. */
export async function eventually(condition: () => boolean, what: string, limitMs = 60_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > limitMs) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
