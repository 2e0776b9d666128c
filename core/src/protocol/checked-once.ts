import type { z } from 'zod';

/**
 * Schema checks of what the host itself sends, done once per value: a board change is published
 * as `board.changed` and is also the reply to the command that made it, and a move that shifts a
 * column carries hundreds of cards — checking the same object twice doubles the cost of every
 * move. Only objects are remembered (weakly), and only their passing; what is checked must not be
 * changed afterwards, which holds for the events and replies the host builds fresh per change.
 */

const passed = new WeakMap<z.ZodType, WeakSet<object>>();

export function safeParseOnce(schema: z.ZodType, value: unknown): { success: true } | { success: false; error: z.ZodError } {
  const remembered = typeof value === 'object' && value !== null ? value : undefined;
  if (remembered !== undefined && passed.get(schema)?.has(remembered)) return { success: true };
  const checked = schema.safeParse(value);
  if (!checked.success) return { success: false, error: checked.error };
  if (remembered !== undefined) {
    let values = passed.get(schema);
    if (values === undefined) passed.set(schema, (values = new WeakSet()));
    values.add(remembered);
  }
  return { success: true };
}
