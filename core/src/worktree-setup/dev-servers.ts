import { ConflictError } from '../errors.js';
import { runWorktreeScript } from './worktree-scripts.js';

/** A card's dev server as the card shows it. */
export interface DevServerView {
  cardId: string;
  /** `running`; `stopped` (asked to, or its run ended, or its card was archived); `exited` (it ended by itself). */
  state: 'running' | 'stopped' | 'exited';
  script: string;
  /** The worktree it runs in. */
  worktree: string;
  /** The first of its ten ports (`KANBOTS_PORT`). */
  port: number;
  /** The first local address it printed (`http://localhost:5173/`), when it printed one. */
  url?: string;
  /** The end of its output (redacted), stdout and stderr as they came. */
  output: string;
  exitCode?: number | null;
  startedAt: number;
  endedAt?: number;
}

export interface DevServersOptions {
  /** Applied to every chunk of output before it is kept or shown (secrets never reach the card). */
  redact?: (text: string) => string;
  /** Called whenever a server's view changes (output, address, end). */
  onChange?: (view: DevServerView) => void;
  now?: () => number;
}

export interface StartDevServerInput {
  cardId: string;
  repository: string;
  worktree: string;
  portBase: number;
  script: string;
}

/** The card keeps this much of a dev server's output (its end). */
export const devServerOutputCharacters = 16 * 1024;

// eslint-disable-next-line no-control-regex
const terminalCodes = /\u001b\[[0-9;?]*[ -/]*[@-~]/g;
const localAddress = /\bhttps?:\/\/(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1?\]|[a-z0-9-]+\.local(?:host)?)(?::\d{1,5})?(?:\/[^\s'"<>`)\]]*)?/i;

/** The first local address in a chunk of output, as a link the user can open (`0.0.0.0` is this machine). */
export function devServerAddress(text: string): string | undefined {
  const found = localAddress.exec(text.replace(terminalCodes, ''))?.[0];
  return found?.replace('//0.0.0.0', '//localhost').replace('//[::]', '//localhost');
}

/**
 * The dev servers of cards: each the project's run script (`[worktrees.scripts] run`), in the
 * card's worktree, on its port range, started and stopped from the card. The script runs like the
 * other project scripts (worktree-scripts.ts): its own process group under the supervisor, so
 * stopping it ends everything it started, and so does the end of Kanbots — a kill -9 of the host
 * included: the supervisor sees its control pipe close and kills the group. One server per card.
 */
export class DevServers {
  private readonly servers = new Map<string, { view: DevServerView; stop: AbortController; ended: Promise<void> }>();
  private readonly now: () => number;

  constructor(private readonly options: DevServersOptions = {}) {
    this.now = options.now ?? Date.now;
  }

  get(cardId: string): DevServerView | undefined {
    const server = this.servers.get(cardId);
    return server === undefined ? undefined : { ...server.view };
  }

  list(): DevServerView[] {
    return [...this.servers.values()].map((server) => ({ ...server.view }));
  }

  start(input: StartDevServerInput): DevServerView {
    const current = this.servers.get(input.cardId);
    if (current?.view.state === 'running') throw new ConflictError('The dev server of this card is already running: stop it first');
    const view: DevServerView = { cardId: input.cardId, state: 'running', script: input.script, worktree: input.worktree, port: input.portBase, output: '', startedAt: this.now() };
    const stop = new AbortController();
    const redact = this.options.redact ?? ((text: string) => text);
    const ended = runWorktreeScript(input.script, {
      repository: input.repository,
      worktree: input.worktree,
      portBase: input.portBase,
      // A dev server runs until it is stopped (a week is the runner's way of saying so).
      timeoutSeconds: 7 * 24 * 60 * 60,
      signal: stop.signal,
      onOutput: (_stream, text) => {
        const clean = redact(text);
        view.output = (view.output + clean).slice(-devServerOutputCharacters);
        view.url ??= devServerAddress(clean);
        this.changed(view);
      },
    }).then(
      (result) => {
        view.state = result.aborted ? 'stopped' : 'exited';
        view.exitCode = result.exitCode;
        view.endedAt = this.now();
        this.changed(view);
      },
      (error: unknown) => {
        view.state = 'exited';
        view.exitCode = null;
        view.output = `${view.output}\n${redact(error instanceof Error ? error.message : String(error))}\n`.slice(-devServerOutputCharacters);
        view.endedAt = this.now();
        this.changed(view);
      },
    );
    this.servers.set(input.cardId, { view, stop, ended });
    this.changed(view);
    return { ...view };
  }

  /** Stops the card's server (its whole process group) and resolves when it has ended. */
  async stop(cardId: string): Promise<DevServerView | undefined> {
    const server = this.servers.get(cardId);
    if (server === undefined) return undefined;
    server.stop.abort();
    await server.ended;
    return { ...server.view };
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.servers.keys()].map((cardId) => this.stop(cardId)));
  }

  private changed(view: DevServerView): void {
    try {
      this.options.onChange?.({ ...view });
    } catch {
      // A listener's failure is not the server's.
    }
  }
}
