import { z } from 'zod';
import { limits } from '../model/limits.js';

/**
 * A reviewer's structured verdict (what `submit_review` accepts) and the pure helpers the
 * dev ⇄ review workflow needs: the message that carries findings back to the developer, and the
 * detection of a finding that keeps coming back (it escalates to the human).
 */

export const findingSeveritySchema = z.enum(['blocker', 'major', 'minor', 'nit']);
export type FindingSeverity = z.infer<typeof findingSeveritySchema>;

export const findingSchema = z.object({
  file: z.string().trim().min(1).max(limits.findingFileLength),
  line: z.number().int().positive().optional(),
  severity: findingSeveritySchema,
  message: z.string().trim().min(1).max(limits.reviewTextLength),
});
export type Finding = z.infer<typeof findingSchema>;

export const reviewVerdictSchema = z.enum(['approve', 'request_changes']);
export type ReviewVerdict = z.infer<typeof reviewVerdictSchema>;

export const reviewSchema = z
  .object({
    verdict: reviewVerdictSchema,
    summary: z.string().max(limits.reviewTextLength).optional(),
    findings: z.array(findingSchema).max(limits.findingsPerReview).default([]),
  })
  .refine((review) => review.verdict === 'approve' || review.findings.length > 0, {
    message: 'request_changes needs at least one finding',
    path: ['findings'],
  });
export type Review = z.infer<typeof reviewSchema>;

/** A review as the workflow keeps it: which round it answered, and who wrote it (absent: the reviewer agent). */
export interface RecordedReview extends Review {
  round: number;
  by?: 'human';
}

/** A person's review from the card page: their comments (file, line, words), sent to the developer as findings. */
export const humanReviewSchema = z.object({
  summary: z.string().trim().max(limits.reviewTextLength).optional(),
  findings: z.array(findingSchema).min(1).max(limits.findingsPerReview),
});
export type HumanReview = z.infer<typeof humanReviewSchema>;

/** The words of a message, lower-cased, without punctuation and very short words. */
function wordsOf(message: string): Set<string> {
  return new Set(
    message
      .toLowerCase()
      .split(/[^\p{L}\p{N}_]+/u)
      .filter((word) => word.length > 2),
  );
}

/** Jaccard similarity of the words of two messages, in [0, 1]. */
export function messageSimilarity(first: string, second: string): number {
  const a = wordsOf(first);
  const b = wordsOf(second);
  if (a.size === 0 && b.size === 0) return first.trim().toLowerCase() === second.trim().toLowerCase() ? 1 : 0;
  let shared = 0;
  for (const word of a) if (b.has(word)) shared += 1;
  return shared / (a.size + b.size - shared);
}

/** Two findings are "the same" when they name the same file and their messages are similar. */
export const recurringSimilarity = 0.5;

export function isSameFinding(first: Finding, second: Finding): boolean {
  return first.file === second.file && messageSimilarity(first.message, second.message) >= recurringSimilarity;
}

/** Findings of `latest` already raised in an earlier round (the developer did not fix them). */
export function recurringFindings(earlier: readonly RecordedReview[], latest: Review): Finding[] {
  const previous = earlier.flatMap((review) => review.findings);
  return latest.findings.filter((finding) => previous.some((old) => isSameFinding(old, finding)));
}

/** The message that takes a change request back to the developer's conversation. */
export function findingsMessage(review: Review, round: number): string {
  const lines = [`The reviewer requested changes (review round ${round}).`];
  if (review.summary) lines.push(`Summary: ${review.summary}`);
  lines.push('Address every finding, then call `finish` again:');
  review.findings.forEach((finding, index) => {
    const where = finding.line === undefined ? finding.file : `${finding.file}:${finding.line}`;
    lines.push(`${index + 1}. [${finding.severity}] ${where} — ${finding.message}`);
  });
  return lines.join('\n');
}

/** The message that takes a person's review back to the developer's conversation (findings, like the reviewer's). */
export function humanReviewMessage(review: HumanReview, round: number): string {
  const lines = [`The person reviewing your change requested changes (review round ${round}).`];
  if (review.summary) lines.push(`Summary: ${review.summary}`);
  lines.push('Address every comment, then call `finish` again:');
  review.findings.forEach((finding, index) => {
    const where = finding.line === undefined ? finding.file : `${finding.file}:${finding.line}`;
    lines.push(`${index + 1}. [${finding.severity}] ${where} — ${finding.message}`);
  });
  return lines.join('\n');
}

/** What the developer is told at the gate: a follow-up's words, or a person's review as findings (undefined for other events). */
export function followUpText(event: { type: string; text?: string; review?: HumanReview }, round: number): string | undefined {
  if (event.type === 'FOLLOW_UP') return event.text;
  if (event.type === 'HUMAN_REVIEW' && event.review !== undefined) return humanReviewMessage(event.review, round);
  return undefined;
}

/** What the reviewer is asked in each round. */
export function reviewRequestMessage(task: string, round: number, developerSummary: string | undefined): string {
  const lines =
    round === 1
      ? [`Review the developer's change for this card:\n\n${task}`]
      : [`The developer answered your findings (review round ${round}). Review the change again.`];
  if (developerSummary) lines.push(`The developer says: ${developerSummary}`);
  lines.push('Look at the diff with `show_diff`, then call `submit_review`.');
  return lines.join('\n\n');
}
