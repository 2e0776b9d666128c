import { z } from 'zod';
import type { ErrorData } from '../errors.js';

/**
 * The one shape of an error as data: in actor contexts, run records, activity logs and every
 * protocol message (error replies, run and agent views, backoff events). Browser-safe.
 */
export const errorDataSchema = z.object({
  name: z.string(),
  code: z.string(),
  message: z.string(),
  retryable: z.boolean(),
  details: z.record(z.string(), z.unknown()).optional(),
});

// The schema and the `ErrorData` interface describe the same thing: compile-time check both ways.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameShape: Same<z.infer<typeof errorDataSchema>, ErrorData> = true;
void sameShape;
