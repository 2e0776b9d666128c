import type { z } from 'zod';
import type { ProtocolSnapshot } from './messages.js';

/**
 * A protocol command: a name, a zod schema of its `args`, and a handler. Later issues plug in new
 * commands (runs, agents) by registering more handlers; nothing switches on names.
 */

/** What a handler may use besides its arguments. */
export interface CommandContext {
  /** The id of the session (client connection) the command came from. */
  readonly sessionId: string;
  /** The hub's current seq and a snapshot taken at the same moment. */
  snapshot(): { seq: number; snapshot: ProtocolSnapshot };
}

export interface CommandHandler<Args = unknown, Result = unknown> {
  readonly name: string;
  readonly args: z.ZodType<Args>;
  handle(args: Args, context: CommandContext): Result | Promise<Result>;
}

/** Identity helper that infers `Args` from the schema. */
export function defineCommand<Schema extends z.ZodType, Result>(handler: {
  name: string;
  args: Schema;
  handle(args: z.infer<Schema>, context: CommandContext): Result | Promise<Result>;
}): CommandHandler<z.infer<Schema>, Result> {
  return handler as CommandHandler<z.infer<Schema>, Result>;
}

/** The commands a hub knows, by name. */
export class CommandRegistry {
  private readonly handlers = new Map<string, CommandHandler<never, unknown>>();

  constructor(handlers: Iterable<CommandHandler<never, unknown>> = []) {
    for (const handler of handlers) this.register(handler);
  }

  register<Args, Result>(handler: CommandHandler<Args, Result>): this {
    if (this.handlers.has(handler.name)) throw new Error(`The command "${handler.name}" is already registered`);
    this.handlers.set(handler.name, handler as unknown as CommandHandler<never, unknown>);
    return this;
  }

  get(name: string): CommandHandler<unknown, unknown> | undefined {
    return this.handlers.get(name) as CommandHandler<unknown, unknown> | undefined;
  }

  names(): string[] {
    return [...this.handlers.keys()].sort();
  }
}
