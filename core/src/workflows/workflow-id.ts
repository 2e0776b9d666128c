import { z } from 'zod';

/**
 * A workflow's id and the run options every workflow draws from (plain data, browser-safe: the
 * protocol and the settings use them).
 */

/** A workflow's id: lower-case letters, digits and `-` (`dev-review`, `test-fix-loop`). */
export const workflowIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'workflow ids use lower-case letters, digits and -');
export type WorkflowId = z.infer<typeof workflowIdSchema>;
