import { z } from 'zod';

/** One record of a run's activity log (browser-safe: the card page reads them through `run.activity`). */

export const activityKinds = [
  'run.state',
  'agent.state',
  'model.request',
  'tool.call',
  'tool.result',
  'approval',
  'review',
  'message',
  'error',
  'note',
] as const;
export type ActivityKind = (typeof activityKinds)[number];

export const activityRecordSchema = z.object({
  seq: z.number().int().positive(),
  at: z.number().int().nonnegative(),
  runId: z.string(),
  kind: z.enum(activityKinds),
  agentId: z.string().optional(),
  data: z.record(z.string(), z.unknown()),
});
export type ActivityRecord = z.infer<typeof activityRecordSchema>;
