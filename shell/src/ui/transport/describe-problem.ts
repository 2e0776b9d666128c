import type { z } from 'zod';

/** What did not fit a protocol schema, in one line: `agents.0.error: expected object, received string`. */
export function describeProblem(error: z.ZodError): string {
  return error.issues.map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message)).join('; ');
}
