import { z } from 'zod';
import { boardCommands } from './board-commands.js';
import { preflightCommands } from './preflight-commands.js';
import { projectCommands } from './project-commands.js';
import { runCommands } from './run-commands.js';
import { settingsCommands } from './settings-commands.js';
import { snapshotResultSchema } from './snapshot.js';
import { worktreeCommands } from './worktree-commands.js';

/**
 * Every command of the protocol, by name: the schema of its `args` (what the host accepts) and of
 * its result (what a successful reply carries). The host's handlers implement exactly these; the
 * UI sends and reads exactly these. Nothing else is a command.
 */
export const protocolCommands = {
  'snapshot.get': { args: z.strictObject({}), result: snapshotResultSchema },
  /** The heartbeat: answers at once with the current seq (a client calls a silent host dead). */
  'host.ping': { args: z.strictObject({}), result: z.object({ seq: z.number().int().nonnegative() }) },
  ...boardCommands,
  ...projectCommands,
  ...runCommands,
  ...preflightCommands,
  ...settingsCommands,
  ...worktreeCommands,
} as const;

export type ProtocolCommands = typeof protocolCommands;
export type CommandName = keyof ProtocolCommands;
/** What a client may send as the command's `args`. */
export type CommandArgsOf<Name extends CommandName> = z.input<ProtocolCommands[Name]['args']>;
/** The `args` as a handler gets them (validated, defaults applied). */
export type ParsedCommandArgsOf<Name extends CommandName> = z.output<ProtocolCommands[Name]['args']>;
export type CommandResultOf<Name extends CommandName> = z.output<ProtocolCommands[Name]['result']>;

export const commandNames = Object.keys(protocolCommands).sort() as CommandName[];

export function isCommandName(name: string): name is CommandName {
  return Object.hasOwn(protocolCommands, name);
}
