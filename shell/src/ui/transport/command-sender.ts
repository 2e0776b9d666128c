import type { CommandArgsOf, CommandName, CommandResultOf } from '@kanbots/core/protocol';

/** Sends one protocol command; resolves with its result (checked against the protocol) or rejects with a `HostRequestError`. */
export type CommandSender = <Name extends CommandName>(name: Name, args: CommandArgsOf<Name>) => Promise<CommandResultOf<Name>>;
