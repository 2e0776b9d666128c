import type { AgentContext } from '../agents/agent-context.js';
import type { AgentCommand } from '../agents/agent-commands.js';
import type { AgentEvent } from '../agents/agent-events.js';
import type { provideAgentMachine } from '../agents/create-agent-actor.js';
import { createActor } from 'xstate';
import type { ActorLike, ChildSpawner } from './run-children.js';
import { agentHoldMachine, type PausedBy } from './agent-hold-machine.js';
import { ValidationError, type ErrorData } from '../errors.js';
import type { AgentStepFailed, AgentStepInput, AgentStepOutcome } from '../workflows/workflow-types.js';
import type { CliAgentKind } from './cli-agent-choice.js';
import { restoreAgentSnapshot, type ToolJournalEntry } from './restore-agent-snapshot.js';
import { runDocumentNames, runStreamNames, type RunStore } from '../store/kanbots-store.js';
import type { RunStepWriter } from './run-step-writer.js';
import type { RunStreamEvent } from './run-stream.js';

/**
 * One agent of a run at the edge: its actor, made durable. The persisted snapshot is committed
 * (through the run's ordered step writer, off the event loop) after every step boundary together
 * with the id of the step the agent was given; before a tool runs, the snapshot that holds the call
 * and the journal's `started` for it are one boundary, durable before the tool starts, and
 * `finished` follows the tool. `runStep` is idempotent: a step already delivered is never delivered again.
 * The actor is Kanbots' built-in agent or an agent CLI (`cli-hosted-agent.ts`): the file notes
 * the kind, so a restart restores the same kind of actor from its snapshot.
 */

/** `built-in` = Kanbots' own tool-use loop; otherwise the agent CLI that runs the agent. */
export type AgentKind = 'built-in' | CliAgentKind;

/** What the host needs of an agent actor, whichever kind it is. */
export interface HostedAgent {
  start(): void;
  stop(): void;
  send(command: AgentCommand): void;
  /** Whether the agent's current state takes `command` (its statechart decides, e.g. PAUSE only while working). */
  can(command: AgentCommand): boolean;
  /** The agent in the built-in agent's words (phase, turn, usage, result, failure); a view for a CLI agent. */
  context(): AgentContext;
  /** The actor's status: `active`, `done`, `error` or `stopped`. */
  status(): string;
  onEvent(listener: (event: AgentEvent) => void): void;
  /** Called after every change of the actor's snapshot (and when it errors or completes). */
  subscribe(listener: () => void): { unsubscribe(): void };
  /** Changes whenever the persisted snapshot must be written again. */
  persistenceKey(): string;
  /** The persisted snapshot without secrets. */
  persistedSnapshot(redact: <T>(value: T) => T): unknown;
}

/** Makes agents of one kind: restores a snapshot read from disk and creates the actor. */
export interface HostedAgentFactory {
  readonly kind: AgentKind;
  /** Tool calls are journaled (before / after) so a restart never runs one twice (the built-in loop). */
  readonly journalsTools: boolean;
  /** A snapshot safe to restore; `interrupted` when the agent was mid-step (it comes back paused). */
  restore(persisted: unknown, journal: readonly ToolJournalEntry[]): { snapshot: unknown; interrupted: boolean };
  create(snapshot: unknown, hooks: HostedAgentHooks): HostedAgent;
}

/** What the host gives the actor it creates. */
export interface HostedAgentHooks {
  /** Awaited before each tool of the built-in loop runs: the host journals the call there. */
  beforeToolRun(call: { callId: string; name: string }): Promise<void>;
}

export interface AgentHostOptions {
  /** Where the agent's snapshot and tool journal are kept. */
  store: RunStore;
  runId: string;
  key: string;
  agentId: string;
  /** Makes the actor (with a restored snapshot when there is one). */
  agent: HostedAgentFactory;
  /** The run's ordered writer of step boundaries (shared with the run record). */
  writer: RunStepWriter;
  /**
   * The runs' one stream: the host puts the agent's events on it (`run.agent.event`), a change of
   * its snapshot (`run.agent.changed`) and its named points (`run.checkpoint`).
   */
  emit(event: RunStreamEvent): void;
  /** Makes the agent's hold (who paused it) a child of the run's actor system; without it, an actor of its own. */
  spawn?: ChildSpawner;
  /** Removes secrets from what is written (a deep copy comes back). */
  redact<T>(value: T): T;
}

export type { PausedBy } from './agent-hold-machine.js';

interface AgentFile {
  version: 1;
  /** Absent in files written before agent CLIs could run workflow steps: `built-in`. */
  kind?: AgentKind;
  stepId: string | null;
  attemptsHandled: number;
  /** Set while the agent is paused (or pausing) on the person's or the run's command. */
  pausedBy?: PausedBy;
  snapshot: unknown;
}

/** The built-in agent's actor: a child of the run's actor system, or one of its own. */
export type BuiltInAgentActor = ActorLike<ReturnType<typeof provideAgentMachine>>;

function persistenceKey(actor: BuiltInAgentActor): string {
  const snapshot = actor.getSnapshot();
  const context = snapshot.context;
  const settled = context.pendingToolCalls.map((call) => `${call.callId}:${call.approved ? 1 : 0}:${call.settled ? 1 : 0}`).join(',');
  return JSON.stringify([snapshot.status, snapshot.value, context.phase, context.turn, context.conversation.length, context.queuedMessages.length, settled, context.resumeTo]);
}

/**
 * The persisted snapshot without secrets. Inputs of calls still to run stay as the model sent
 * them, so a restart runs exactly what was approved — unless an input holds a secret: then it is
 * written redacted and marked `inputWithheld` (a restart answers the call as withheld, never runs
 * a redacted command, and no key reaches the disk).
 */
function redactedSnapshot(actor: BuiltInAgentActor, redact: <T>(value: T) => T): unknown {
  const persisted = actor.getPersistedSnapshot() as { context?: AgentContext };
  const redacted = redact(persisted);
  if (persisted.context && redacted.context) {
    const inputs = persisted.context.pendingToolCalls;
    redacted.context.pendingToolCalls = redacted.context.pendingToolCalls.map((call, index) => {
      if (call.settled !== undefined) return call;
      const original = inputs[index]?.input;
      return JSON.stringify(call.input) === JSON.stringify(original) ? { ...call, input: original } : { ...call, inputWithheld: true };
    });
  }
  return redacted;
}

/** Kanbots' built-in agent: restored through the tool journal (no call runs twice). */
export function builtInAgentFactory(createActor: (snapshot: unknown, hooks: HostedAgentHooks) => BuiltInAgentActor): HostedAgentFactory {
  return {
    kind: 'built-in',
    journalsTools: true,
    restore: (persisted, journal) => restoreAgentSnapshot(persisted, journal),
    create: (snapshot, hooks) => {
      const actor = createActor(snapshot, hooks);
      return {
        start: () => actor.start(),
        stop: () => actor.stop(),
        send: (command) => actor.send(command),
        can: (command) => actor.getSnapshot().can(command),
        context: () => actor.getSnapshot().context,
        status: () => actor.getSnapshot().status,
        onEvent: (listener) => void actor.on('*', listener),
        subscribe: (listener) => actor.subscribe({ next: listener, error: listener, complete: listener }),
        persistenceKey: () => persistenceKey(actor),
        persistedSnapshot: (redact) => redactedSnapshot(actor, redact),
      };
    },
  };
}

export class AgentHost {
  readonly agent: HostedAgent;
  readonly kind: AgentKind;
  /** True when it came back paused because the process died mid-step. */
  readonly interrupted: boolean;
  private stepId: string | null;
  private attemptsHandled: number;
  /** Who holds the agent paused (`agent-hold-machine.ts`): free, held by the run, or by the person. */
  private readonly hold: ActorLike<typeof agentHoldMachine>;
  /** Who held it at the last change of the hold (what the agent's file says). */
  private heldBy: PausedBy | undefined;
  /** The persistence key of the snapshot last committed, and of the one the run's views last saw. */
  private lastKey = '';
  private lastSeenKey = '';
  private stopped = false;
  private readonly waiters = new Set<() => void>();

  constructor(private readonly options: AgentHostOptions) {
    const text = options.store.readText(options.runId, runDocumentNames.agent(options.agentId));
    const file = text === undefined ? undefined : (JSON.parse(text) as AgentFile);
    this.stepId = file?.stepId ?? null;
    this.attemptsHandled = file?.attemptsHandled ?? 0;
    this.kind = options.agent.kind;
    let snapshot: unknown;
    let interrupted = false;
    if (file?.snapshot !== undefined && file.snapshot !== null) {
      const stored = file.kind ?? 'built-in';
      if (stored !== this.kind) {
        throw new ValidationError(`The agent "${options.key}" of run ${options.runId} was saved as a ${stored} agent but its record says ${this.kind}`, [], { details: { agent: options.key, stored, recorded: this.kind } });
      }
      const journal = options.store.readLines(options.runId, this.journalStream()).values as ToolJournalEntry[];
      const restored = options.agent.restore(file.snapshot, journal);
      snapshot = restored.snapshot;
      interrupted = restored.interrupted;
    }
    this.interrupted = interrupted;
    this.agent = options.agent.create(snapshot, { beforeToolRun: (call) => this.journalStarted(call) });
    this.agent.onEvent((event) => this.handleEvent(event));
    const holdInput = { heldBy: file?.pausedBy, agent: { canPause: () => this.agent.can({ type: 'PAUSE' }), paused: () => this.context.phase === 'paused' } };
    const holdId = `${options.agentId}.hold`;
    this.hold = options.spawn === undefined ? createActor(agentHoldMachine, { id: holdId, input: holdInput }) : options.spawn(agentHoldMachine, { id: holdId, input: holdInput });
    // The hold decides; the agent pauses and resumes on what it emits, after the hold's transition.
    this.hold.on('hold.pause', () => this.send({ type: 'PAUSE' }));
    this.hold.on('hold.resume', () => {
      if (this.context.phase === 'paused') this.send({ type: 'RESUME' });
    });
    this.heldBy = this.pausedOnCommandOf;
    this.hold.subscribe(() => {
      const heldBy = this.pausedOnCommandOf;
      if (heldBy === this.heldBy) return;
      this.heldBy = heldBy;
      this.lastKey = ''; // who holds it is written with the agent's next step boundary (at once, below)
      this.persistIfChanged();
    });
    this.agent.subscribe(() => {
      this.releaseHold();
      this.persistIfChanged();
    });
  }

  start(): void {
    this.hold.start();
    this.agent.start();
    this.releaseHold();
    this.persistIfChanged();
  }

  get context(): AgentContext {
    return this.agent.context();
  }

  send(command: AgentCommand): void {
    this.agent.send(command);
  }

  /**
   * Pauses the agent on the person's command (this agent alone) or the run's. An agent the person
   * paused stays theirs: the run's PAUSE and RESUME leave it as it is (the hold's states decide).
   */
  pause(by: PausedBy): void {
    this.hold.send({ type: 'PAUSE', by });
  }

  /** Resumes a paused agent — on the run's RESUME only if the run paused it (or a restart did). */
  resume(by: PausedBy): void {
    this.hold.send({ type: 'RESUME', by });
  }

  /** Who paused the agent, while it is paused or pausing (a pause that ended some other way — done, cancelled — no longer counts). */
  get pausedOnCommandOf(): PausedBy | undefined {
    const hold = this.hold.getSnapshot();
    return hold.hasTag('heldByHuman') ? 'human' : hold.hasTag('heldByRun') ? 'run' : undefined;
  }

  /** A hold whose agent is no longer paused or pausing (it finished, failed or was cancelled) is released. */
  private releaseHold(): void {
    if (this.stopped || this.hold.getSnapshot().status !== 'active' || !this.hold.getSnapshot().hasTag('held')) return;
    const context = this.context;
    if (context.phase !== 'paused' && !context.pauseRequested) this.hold.send({ type: 'RELEASED' });
  }

  /** The call waiting for the human, if any. */
  pendingApproval(): { callId: string; tool: string; input: unknown } | undefined {
    const context = this.context;
    if (context.phase !== 'awaitingApproval') return undefined;
    const call = context.pendingToolCalls.find((candidate) => candidate.settled === undefined);
    return call ? { callId: call.callId, tool: call.name, input: call.input } : undefined;
  }

  /**
   * Brings the agent through one step: delivers the message unless this step was delivered
   * before, resumes it after a failure when the step's attempt is new, then waits for the agent to
   * finish. The outcome is the event the workflow gets: `agent.step.done` with the output, or
   * `agent.step.failed` with the agent's failure as data (failed or cancelled) — never a rejection.
   */
  async runStep(input: AgentStepInput, signal: AbortSignal): Promise<AgentStepOutcome> {
    if (this.stepId !== input.stepId) {
      const phase = this.context.phase;
      if (phase === 'cancelled') return this.stepFailed(input, { name: 'AgentCancelled', code: 'agent_cancelled', message: `The agent "${this.options.key}" was cancelled`, retryable: false });
      this.stepId = input.stepId;
      this.attemptsHandled = input.attempt;
      this.checkpoint('agent.deliver.before');
      // The persisted file gets the new step id in the same write as the conversation with the message.
      this.lastKey = '';
      this.send(phase === 'idle' ? { type: 'START', task: input.message } : { type: 'USER_MESSAGE', text: input.message });
      this.checkpoint('agent.deliver.after');
    } else if (this.context.phase === 'failed' && input.attempt > this.attemptsHandled) {
      this.attemptsHandled = input.attempt;
      this.lastKey = '';
      this.send({ type: 'RESUME' });
    }
    return this.waitForOutcome(input, signal);
  }

  stop(): void {
    this.persistIfChanged();
    this.stopped = true; // a stopped actor's snapshot is never persisted: the last step boundary stays on disk
    this.agent.stop();
    this.hold.stop();
    for (const wake of this.waiters) wake();
  }

  private stepFailed(input: AgentStepInput, error: ErrorData): AgentStepFailed {
    return { type: 'agent.step.failed', agent: input.agent, stepId: input.stepId, error };
  }

  private waitForOutcome(input: AgentStepInput, signal: AbortSignal): Promise<AgentStepOutcome> {
    return new Promise((resolve) => {
      const check = (): boolean => {
        const context = this.context;
        if (context.phase === 'done') {
          resolve({ type: 'agent.step.done', output: { agent: input.agent, stepId: input.stepId, result: context.result } });
          return true;
        }
        if (context.phase === 'failed') {
          const failure = context.failure;
          const reason = failure?.reason ?? 'unknown';
          const error: ErrorData = failure?.error ?? { name: 'AgentFailed', code: 'agent_failed', message: `The agent "${this.options.key}" failed (${reason})`, retryable: false };
          resolve(this.stepFailed(input, { ...error, details: { ...error.details, reason } }));
          return true;
        }
        if (context.phase === 'cancelled') {
          resolve(this.stepFailed(input, { name: 'AgentCancelled', code: 'agent_cancelled', message: `The agent "${this.options.key}" was cancelled`, retryable: false }));
          return true;
        }
        return signal.aborted;
      };
      if (check()) return;
      const wake = () => {
        if (check()) {
          this.waiters.delete(wake);
          subscription.unsubscribe();
        }
      };
      const subscription = this.agent.subscribe(() => wake());
      this.waiters.add(wake);
      signal.addEventListener('abort', wake, { once: true });
    });
  }

  private handleEvent(event: AgentEvent): void {
    if (this.options.agent.journalsTools && event.type === 'agent.tool.finished') {
      const entry: ToolJournalEntry = { callId: event.callId, event: 'finished', name: event.name, content: this.options.redact(event.content), isError: event.isError };
      void this.options.writer
        .commit({ runId: this.options.runId, journal: [{ agentId: this.options.agentId, entry }] })
        .then(() => this.checkpoint(`tool.after:${event.name}`), () => undefined);
    }
    this.options.emit({ type: 'run.agent.event', runId: this.options.runId, agent: this.options.key, event });
  }

  /**
   * Before a tool runs: the agent's snapshot — which holds the call, unsettled — and the call's
   * `started` go to the store as one boundary. A crash before it is durable brings the call back
   * unstarted (it runs then, once); after it, the call is answered as interrupted. Either way the
   * journal has one `started` per call, and the model turn that asked for it is never asked again.
   */
  private async journalStarted(call: { callId: string; name: string }): Promise<void> {
    const entry: ToolJournalEntry = { callId: call.callId, event: 'started', name: call.name };
    this.lastKey = this.agent.persistenceKey();
    await this.options.writer.commit({ runId: this.options.runId, agents: { [this.options.agentId]: this.agentFile() }, journal: [{ agentId: this.options.agentId, entry }] });
    this.checkpoint(`tool.before:${call.name}`);
  }

  private agentFile(): AgentFile {
    return {
      version: 1,
      kind: this.kind,
      stepId: this.stepId,
      attemptsHandled: this.attemptsHandled,
      ...(this.pausedOnCommandOf === undefined ? {} : { pausedBy: this.pausedOnCommandOf }),
      snapshot: this.agent.persistedSnapshot((value) => this.options.redact(value)),
    };
  }

  private persistIfChanged(): void {
    if (this.stopped || this.agent.status() === 'stopped') return;
    const key = this.agent.persistenceKey();
    if (key === this.lastSeenKey && key === this.lastKey) return;
    this.lastSeenKey = key;
    if (key !== this.lastKey) {
      this.lastKey = key;
      const phase = this.context.phase;
      void this.options.writer
        .commit({ runId: this.options.runId, agents: { [this.options.agentId]: this.agentFile() } })
        .then(() => this.checkpoint(`agent.persisted:${phase}`), () => undefined);
    }
    this.options.emit({ type: 'run.agent.changed', runId: this.options.runId, agent: this.options.key });
  }

  private checkpoint(point: string): void {
    this.options.emit({ type: 'run.checkpoint', runId: this.options.runId, point });
  }

  private journalStream(): string {
    return runStreamNames.toolJournal(this.options.agentId);
  }
}
