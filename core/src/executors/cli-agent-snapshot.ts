import type { Snapshot } from 'xstate';
import { ValidationError, validationErrorFrom } from '../errors.js';
import { cliAgentContextSchema } from './cli-agent-context.js';

/**
 * Restoring a CLI agent from a persisted snapshot. A run's process does not survive a restart,
 * so a snapshot taken while a run was going (`running`, including `pausing` / `cancelling`) comes
 * back `paused` and marked `interrupted` (one that was being cancelled comes back `cancelled`): RESUME continues the CLI's session with `--resume`
 * (the first prompt is never replayed into a new session once a session id is known). Pure.
 */

const cliAgentStates = ['idle', 'running', 'paused', 'done', 'failed', 'cancelled'] as const;

interface PersistedMachineSnapshot {
  status: string;
  value: unknown;
  context: Record<string, unknown>;
  children?: Record<string, unknown>;
  [key: string]: unknown;
}

function topState(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null) return Object.keys(value)[0];
  return undefined;
}

/** Checks a persisted CLI agent snapshot and turns an interrupted run into a resumable pause. */
export function restorableCliAgentSnapshot(snapshot: Snapshot<unknown>): Snapshot<unknown> {
  if (typeof snapshot !== 'object' || snapshot === null) throw new ValidationError('Invalid CLI agent snapshot: not an object');
  const persisted = snapshot as unknown as PersistedMachineSnapshot;
  const state = topState(persisted.value);
  if (state === undefined || !(cliAgentStates as readonly string[]).includes(state)) {
    throw new ValidationError(`Invalid CLI agent snapshot: unknown state ${JSON.stringify(persisted.value)}`);
  }
  const parsed = cliAgentContextSchema.safeParse(persisted.context);
  if (!parsed.success) throw validationErrorFrom('CLI agent snapshot', parsed.error);
  if (state !== 'running') return snapshot;
  const cancelling = typeof persisted.value === 'object' && (persisted.value as Record<string, unknown>)['running'] === 'cancelling';
  if (cancelling) {
    // The cancel was asked for: it stands.
    return { ...persisted, status: 'done', value: 'cancelled', children: {}, context: { ...persisted.context, phase: 'cancelled' } } as unknown as Snapshot<unknown>;
  }
  return {
    ...persisted,
    status: 'active',
    value: 'paused',
    children: {},
    context: { ...persisted.context, phase: 'paused', interrupted: true },
  } as unknown as Snapshot<unknown>;
}
