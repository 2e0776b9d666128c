import type { Actor, AnyActorLogic, AnyActorRef, InputFrom, Snapshot } from 'xstate';

/**
 * The run's actors are one system: the run machine at its root, the workflow it invokes and the
 * agents it spawns as its children. XState creates a child from logic and input only, so a child
 * that comes back from the store starts from `logicFromSnapshot`; and the agent host drives an
 * agent through `ActorLike` whether it is such a child or an actor of its own (the executor
 * contract tests create them on their own).
 */

/** What the run layer uses of an actor, a child or a root. */
export type ActorLike<Logic extends AnyActorLogic> = Pick<Actor<Logic>, 'start' | 'stop' | 'send' | 'getSnapshot' | 'on' | 'subscribe' | 'getPersistedSnapshot'>;

/** Makes a child actor of the run from its logic, with its id, input and, when it comes back, its persisted snapshot. */
export type ChildSpawner = <Logic extends AnyActorLogic>(logic: Logic, options: { id: string; input: InputFrom<Logic>; snapshot?: Snapshot<unknown> }) => ActorLike<Logic>;

/**
 * The same actor logic, starting from a persisted snapshot instead of its initial state. The
 * snapshot is restored as `createActor(logic, { snapshot })` would: no entry actions run again,
 * invoked and spawned children of a machine come back and start again. Everything else is the
 * logic's own.
 */
export function logicFromSnapshot<Logic extends AnyActorLogic>(logic: Logic, snapshot: Snapshot<unknown> | null | undefined): Logic {
  if (snapshot === null || snapshot === undefined) return logic;
  const restoring = Object.create(logic) as Logic;
  restoring.getInitialSnapshot = ((scope: Parameters<Logic['getInitialSnapshot']>[0]) =>
    logic.restoreSnapshot === undefined ? snapshot : logic.restoreSnapshot(snapshot, scope)) as Logic['getInitialSnapshot'];
  return restoring;
}

/** What the spawner needs of the run's root actor. */
export interface RunRoot {
  send(event: { type: 'agent.spawn'; id: string; logic: AnyActorLogic; input: unknown } | { type: 'agent.stop'; id: string }): void;
  getSnapshot(): { children: Record<string, AnyActorRef | undefined> };
}

/**
 * Spawns agents as children of the run's root (`agent.spawn`): the child starts with the root;
 * `start()` is then a no-op, and `stop()` asks the root to stop it (`agent.stop`), since XState
 * stops a child only through its parent.
 */
export function runChildSpawner(root: RunRoot): ChildSpawner {
  return <Logic extends AnyActorLogic>(logic: Logic, options: { id: string; input: InputFrom<Logic>; snapshot?: Snapshot<unknown> }): ActorLike<Logic> => {
    // The logic travels in memory only: an inspector or a log that serialises the event sees its type and id.
    const spawn = { type: 'agent.spawn' as const, id: options.id, logic: logicFromSnapshot(logic, options.snapshot), input: options.input, toJSON: () => ({ type: 'agent.spawn', id: options.id }) };
    root.send(spawn);
    const child = root.getSnapshot().children[options.id];
    if (child === undefined) throw new Error(`The run could not make its agent "${options.id}" a child actor (the run is stopped or busy)`);
    const ref = child as unknown as Actor<Logic>;
    let stopped = false;
    return {
      start: () => ref,
      stop: () => {
        if (stopped) return ref;
        stopped = true;
        root.send({ type: 'agent.stop', id: options.id });
        return ref;
      },
      send: (event) => ref.send(event),
      getSnapshot: () => ref.getSnapshot(),
      on: ((type: string, handler: (event: unknown) => void) => ref.on(type as never, handler as never)) as Actor<Logic>['on'],
      subscribe: ((...args: Parameters<Actor<Logic>['subscribe']>) => (ref.subscribe as (...inner: unknown[]) => ReturnType<Actor<Logic>['subscribe']>)(...args)) as Actor<Logic>['subscribe'],
      getPersistedSnapshot: () => ref.getPersistedSnapshot(),
    };
  };
}
