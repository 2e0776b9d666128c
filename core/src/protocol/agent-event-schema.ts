import { z } from 'zod';
import type { AgentEvent } from '../agents/agent-events.js';
import { errorDataSchema } from '../model/error-data.js';

/**
 * The schema of an agent event as it travels in `run.agent.event` (the closed union of
 * core/src/agents/agent-events.ts), so a client validates what it is sent.
 */

const phaseSchema = z.enum(['idle', 'preparing', 'requesting', 'backingOff', 'runningTools', 'awaitingApproval', 'running', 'paused', 'done', 'failed', 'cancelled']);
const stamp = { agentId: z.string(), at: z.number() };
const usageSchema = z.object({
  inputTokens: z.number(),
  outputTokens: z.number(),
  cacheReadTokens: z.number().optional(),
  cacheWriteTokens: z.number().optional(),
});

export const agentEventSchema = z.discriminatedUnion('type', [
  z.object({ ...stamp, type: z.literal('agent.state.changed'), from: phaseSchema, to: phaseSchema, reason: z.string().optional() }),
  z.object({ ...stamp, type: z.literal('agent.text.start'), turn: z.number(), index: z.number() }),
  z.object({ ...stamp, type: z.literal('agent.text.delta'), turn: z.number(), index: z.number(), text: z.string() }),
  z.object({ ...stamp, type: z.literal('agent.text.end'), turn: z.number(), index: z.number() }),
  z.object({ ...stamp, type: z.literal('agent.tool.started'), callId: z.string(), name: z.string(), input: z.unknown() }),
  z.object({
    ...stamp,
    type: z.literal('agent.tool.finished'),
    callId: z.string(),
    name: z.string(),
    isError: z.boolean(),
    content: z.string(),
    data: z.record(z.string(), z.unknown()).optional(),
    durationMs: z.number(),
  }),
  z.object({
    ...stamp,
    type: z.literal('agent.tool.approval.requested'),
    callId: z.string(),
    name: z.string(),
    input: z.unknown(),
    options: z.array(z.object({ kind: z.enum(['allow_once', 'allow_always', 'reject_once', 'reject_always']), label: z.string().max(200) })).max(10).optional(),
  }),
  z.object({ ...stamp, type: z.literal('agent.tool.approval.resolved'), callId: z.string(), approved: z.boolean(), by: z.string().optional(), reason: z.string().optional() }),
  z.object({
    ...stamp,
    type: z.literal('agent.turn.ended'),
    turn: z.number(),
    usage: usageSchema,
    costUsd: z.number(),
    latencyMs: z.number(),
    model: z.string(),
    stopReason: z.enum(['end_turn', 'tool_use', 'max_tokens', 'other']),
  }),
  z.object({ ...stamp, type: z.literal('agent.backoff'), attempt: z.number(), delayMs: z.number(), error: errorDataSchema }),
  z.object({ ...stamp, type: z.literal('agent.error'), error: errorDataSchema }),
  z.object({
    ...stamp,
    type: z.literal('agent.finished'),
    status: z.enum(['done', 'failed', 'cancelled']),
    result: z.unknown().optional(),
    reason: z.string().optional(),
    budget: z.enum(['turns', 'tokens', 'cost', 'wall_time']).optional(),
  }),
]);

// Every event an agent emits fits the schema (compile-time).
const fits: (event: AgentEvent) => z.input<typeof agentEventSchema> = (event) => event;
void fits;
