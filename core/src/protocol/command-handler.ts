import type { z } from 'zod';
import { protocolCommands, type CommandName, type CommandResultOf, type ParsedCommandArgsOf } from './commands.js';
import type { SnapshotResult } from './snapshot.js';

/**
 * The host's side of a protocol command: the command's name from `protocolCommands`, its args
 * schema taken from there, and a handler typed by it. A hub accepts handlers only for commands the
 * protocol defines; nothing switches on names.
 */

/** What a handler may use besides its arguments. */
export interface CommandContext {
  /** The id of the session (client connection) the command came from. */
  readonly sessionId: string;
  /** The hub's current seq and a snapshot taken at the same moment. */
  snapshot(): SnapshotResult;
}

export interface CommandHandler<Name extends CommandName = CommandName> {
  readonly name: Name;
  readonly args: z.ZodType<ParsedCommandArgsOf<Name>>;
  handle(args: ParsedCommandArgsOf<Name>, context: CommandContext): CommandResultOf<Name> | Promise<CommandResultOf<Name>>;
}

/** Any handler, whatever its command (what a registry holds). */
export type AnyCommandHandler = { [Name in CommandName]: CommandHandler<Name> }[CommandName];

/** The handler of the protocol command `name`, its arguments validated with the protocol's schema. */
export function implementCommand<Name extends CommandName>(name: Name, handle: CommandHandler<Name>['handle']): CommandHandler<Name> {
  return { name, args: protocolCommands[name].args as unknown as z.ZodType<ParsedCommandArgsOf<Name>>, handle };
}

/** The commands a hub knows, by name. */
export class CommandRegistry {
  private readonly handlers = new Map<CommandName, AnyCommandHandler>();

  constructor(handlers: Iterable<AnyCommandHandler> = []) {
    for (const handler of handlers) this.register(handler);
  }

  register(handler: AnyCommandHandler): this {
    if (this.handlers.has(handler.name)) throw new Error(`The command "${handler.name}" is already registered`);
    this.handlers.set(handler.name, handler);
    return this;
  }

  get(name: string): CommandHandler<CommandName> | undefined {
    return this.handlers.get(name as CommandName) as CommandHandler<CommandName> | undefined;
  }

  names(): CommandName[] {
    return [...this.handlers.keys()].sort();
  }
}
