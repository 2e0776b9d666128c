import { z } from 'zod';

/**
 * What the desktop window's host supervisor reports about the host process it runs (the
 * `kanbots.host-status` event over Neutralino): running, restarting after it stopped (with the
 * attempt and the limit), or failed for good with the reason it gave. Browser tabs have none.
 */
export const hostStatusSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('running'), osNotifications: z.boolean().optional() }),
  z.object({ state: z.literal('restarting'), attempt: z.number().int().positive(), maxAttempts: z.number().int().positive(), reason: z.string() }),
  z.object({ state: z.literal('failed'), attempts: z.number().int().nonnegative(), message: z.string() }),
]);
export type HostStatus = z.infer<typeof hostStatusSchema>;

export const HOST_STATUS_EVENT = 'kanbots.host-status';
