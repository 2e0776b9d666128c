import type { PermissionOption, PlanEntry, StopReason, ToolKind } from '@agentclientprotocol/sdk';

/**
 * The script a scripted ACP agent plays (plain JSON, written to a file the agent process reads).
 * Every `session/prompt` the agent receives — across processes and sessions, in order — plays the
 * next turn; a prompt nobody scripted fails with a JSON-RPC error, so a test sees it.
 */

export type ScriptedAcpStep =
  /** One `agent_message_chunk` per entry of `chunks` (or one for `text`). */
  | { type: 'text'; text?: string; chunks?: string[] }
  /** One `agent_thought_chunk`. */
  | { type: 'thought'; text: string }
  | { type: 'plan'; entries: PlanEntry[] }
  /** A `usage_update` (context use, and the session's cumulative cost when given). */
  | { type: 'usage'; used: number; size: number; costUsd?: number }
  /**
   * A tool call: `tool_call` (pending), then `tool_call_update` completed (or failed) with `output`.
   * With `permission`, the agent first asks `session/request_permission` with those options: an
   * `allow_*` choice runs it; a `reject_*` choice fails the call (`onReject: 'fail'`, the turn goes
   * on) or ends the turn `cancelled` (`onReject: 'end_turn'`, as Codex does); the `cancelled`
   * outcome ends the turn `cancelled`.
   */
  | {
      type: 'tool';
      toolCallId: string;
      title: string;
      kind: ToolKind;
      rawInput?: unknown;
      /** A file the call writes (relative to the session's cwd): really written, reported as a diff. */
      writeFile?: { path: string; content: string };
      output?: string;
      fails?: boolean;
      permission?: { options?: PermissionOption[]; onReject?: 'fail' | 'end_turn' };
    }
  /** Waits until the client sends `session/cancel`, then ends the turn `cancelled`. */
  | { type: 'waitForCancel'; text?: string }
  /** The process exits at once with this code (default 3), the turn unanswered. */
  | { type: 'crash'; exitCode?: number };

export interface ScriptedAcpTurn {
  steps: ScriptedAcpStep[];
  /** Default `end_turn`. */
  stopReason?: StopReason;
}

export interface ScriptedAcpScript {
  /** Name the agent gives in `initialize` (default `scripted-acp-agent`). */
  name?: string;
  turns: ScriptedAcpTurn[];
  /** Advertise `session/load` (default true). */
  loadSession?: boolean;
  /** Advertise `session/resume` (default false). */
  resumeSession?: boolean;
}

/** Claude Code's adapter's options (observed): allow always, allow once, reject once. */
export const claudeLikePermissionOptions: PermissionOption[] = [
  { optionId: 'allow_always', name: 'Always Allow', kind: 'allow_always' },
  { optionId: 'allow', name: 'Allow', kind: 'allow_once' },
  { optionId: 'reject', name: 'Reject', kind: 'reject_once' },
];

/** Codex's adapter's options (observed): approve once, approve for the session, cancel. */
export const codexLikePermissionOptions: PermissionOption[] = [
  { optionId: 'approved', name: 'Yes', kind: 'allow_once' },
  { optionId: 'approved-for-session', name: 'Yes, for this session', kind: 'allow_always' },
  { optionId: 'cancel', name: 'No, and tell Codex what to do differently', kind: 'reject_once' },
];

/** One line of the agent's record of what it received (`received.jsonl` in its state folder). */
export type ScriptedAcpReceived =
  | { method: 'initialize'; params: unknown }
  | { method: 'session/new' | 'session/load' | 'session/resume'; sessionId: string; cwd: string; mcpServers: unknown[] }
  | { method: 'session/prompt'; sessionId: string; text: string; turn: number }
  | { method: 'session/cancel'; sessionId: string }
  | { method: 'permission'; toolCallId: string; outcome: { outcome: 'cancelled' } | { outcome: 'selected'; optionId: string } };
