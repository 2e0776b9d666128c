import { z } from 'zod';
import { boardChangeSchema, boardCommandSchema, type BoardCommand, type BoardCommandType } from '../model/board-commands.js';

/**
 * The board's commands on the protocol: one per `BoardCommand` type (`card.create`, …), its `args`
 * being the command without `type` (unknown keys refused), its result the `BoardChange`. Derived
 * from the command union, so a new board command plugs in itself.
 */

export type BoardCommandArgs<Name extends BoardCommandType> = Omit<Extract<BoardCommand, { type: Name }>, 'type'>;

type BoardCommandEntries = {
  readonly [Name in BoardCommandType]: { readonly args: z.ZodType<BoardCommandArgs<Name>>; readonly result: typeof boardChangeSchema };
};

export const boardCommands = Object.fromEntries(
  boardCommandSchema.options.map((option) => [option.shape.type.value, { args: (option as z.ZodObject).omit({ type: true }).strict(), result: boardChangeSchema }]),
) as unknown as BoardCommandEntries;
