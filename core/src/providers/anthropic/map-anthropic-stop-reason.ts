import type { StopReason } from '../model-port.js';

/** Anthropic's `stop_reason` in Kanbots' vocabulary. */
export function mapAnthropicStopReason(stopReason: string | null | undefined): StopReason {
  switch (stopReason) {
    case 'end_turn':
    case 'stop_sequence':
      return 'end_turn';
    case 'tool_use':
      return 'tool_use';
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'max_tokens';
    default:
      return 'other';
  }
}
