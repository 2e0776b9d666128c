/**
 * Text caps and other limits, defined once: the schemas of the board, the protocol and the
 * reviews check them, the run views and agent events cut to them, and the UI's inputs
 * (`maxLength`) and live views use the same numbers. Lengths are in UTF-16 code units (what
 * `string.length` and `maxLength` count). Browser-safe.
 */
export const limits = {
  /** A card's title, a model name, a column title in the settings. */
  titleLength: 200,
  /** The board's name. */
  boardNameLength: 120,
  /** A column's name. */
  columnNameLength: 80,
  /** A project's name. */
  projectNameLength: 80,
  /** One label of a card, and how many a card has. */
  labelLength: 40,
  labelsPerCard: 20,
  /** Ids of the board's cards and columns. */
  boardIdLength: 100,
  /** A card's description. */
  descriptionLength: 20_000,
  /** Ids the UI sends (runs, agents, tool calls, candidates, commands). */
  idLength: 200,
  /** A repository's path. */
  pathLength: 4096,
  /** A git branch name. */
  branchLength: 255,
  /** Why a run was cancelled or a tool call denied. */
  reasonLength: 2000,
  /** A follow-up instruction at the gate. */
  instructionLength: 20_000,
  /** A review's summary, a finding's message, a judge's reason. */
  reviewTextLength: 4000,
  /** A finding's file path. */
  findingFileLength: 1000,
  /** Findings in one review. */
  findingsPerReview: 100,
  /** Records of a run's activity log sent to the card page at once (the newest). */
  activityRecords: 2000,
  /** Steps of a pipeline. */
  pipelineSteps: 10,
  /** How much of a tool's output an agent event and a tool call view carry (the model gets all of it). */
  toolContentLength: 4_000,
  /** The tail of an agent's latest text kept in its run view. */
  viewTextLength: 6_000,
  /** The most recent tool calls kept per agent in its run view. */
  viewToolCalls: 30,
  /** The tail of an agent's streamed text the UI keeps while it watches. */
  liveTextLength: 40_000,
  /** Largest protocol message the host accepts, in UTF-16 code units of its JSON text (about 1 MiB). */
  messageLength: 1024 * 1024,
} as const;

export type Limits = typeof limits;

/** The last `length` characters of `text` (all of it when shorter). */
export function tailOf(text: string, length: number): string {
  return text.length > length ? text.slice(text.length - length) : text;
}
