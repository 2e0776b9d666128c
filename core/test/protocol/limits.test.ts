import { describe, expect, it } from 'vitest';
import { limits } from '../../src/model/limits.js';
import { protocolCommands } from '../../src/protocol/commands.js';

/** The caps of limits.ts are the ones the protocol holds a client to: at the cap accepted, one over refused. */

const accepts = (name: keyof typeof protocolCommands, args: unknown): boolean => protocolCommands[name].args.safeParse(args).success;
const text = (length: number): string => 'x'.repeat(length);

describe('text caps, defined once', () => {
  it('holds card titles and descriptions to their caps', () => {
    const card = (title: string, description = '') => ({ columnId: 'col_1', title, description });
    expect(accepts('card.create', card(text(limits.titleLength)))).toBe(true);
    expect(accepts('card.create', card(text(limits.titleLength + 1)))).toBe(false);
    expect(accepts('card.create', card('t', text(limits.descriptionLength)))).toBe(true);
    expect(accepts('card.create', card('t', text(limits.descriptionLength + 1)))).toBe(false);
  });

  it('holds follow-up instructions, deny reasons and column names to theirs', () => {
    expect(accepts('run.followUp', { runId: 'run_1', text: text(limits.instructionLength) })).toBe(true);
    expect(accepts('run.followUp', { runId: 'run_1', text: text(limits.instructionLength + 1) })).toBe(false);
    const deny = (reason: string) => ({ runId: 'run_1', agentId: 'developer', callId: 'call_1', reason });
    expect(accepts('run.deny', deny(text(limits.reasonLength)))).toBe(true);
    expect(accepts('run.deny', deny(text(limits.reasonLength + 1)))).toBe(false);
    expect(accepts('column.add', { name: text(limits.columnNameLength) })).toBe(true);
    expect(accepts('column.add', { name: text(limits.columnNameLength + 1) })).toBe(false);
  });
});
