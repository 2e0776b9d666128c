import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { safeParseOnce } from '../../src/protocol/checked-once.js';

describe('checking what the host sends once per value', () => {
  const card = z.object({ id: z.string(), order: z.number().int() });

  it('passes a value that holds, again without a second check, and still refuses one that does not', () => {
    const good = { id: 'card_1', order: 0 };
    expect(safeParseOnce(card, good).success).toBe(true);
    expect(safeParseOnce(card, good).success).toBe(true);
    const bad = { id: 'card_2', order: 0.5 };
    const refused = safeParseOnce(card, bad);
    expect(refused.success).toBe(false);
    expect(!refused.success && refused.error.issues[0]?.path).toEqual(['order']);
    // A failure is not remembered: the same object is checked (and refused) every time.
    expect(safeParseOnce(card, bad).success).toBe(false);
  });

  it('remembers a pass per schema: a value checked against one schema is checked again against another', () => {
    const value = { id: 'card_1', order: 3 };
    expect(safeParseOnce(card, value).success).toBe(true);
    expect(safeParseOnce(z.object({ id: z.string(), order: z.number().max(2) }), value).success).toBe(false);
  });

  it('checks plain values every time', () => {
    expect(safeParseOnce(z.string().min(2), 'a').success).toBe(false);
    expect(safeParseOnce(z.string().min(2), 'ab').success).toBe(true);
  });
});
