import type { StopReason } from '../model-port.js';

/** OpenAI Chat `finish_reason` in Kanbots' vocabulary. */
export function mapOpenAIFinishReason(finishReason: string | null | undefined): StopReason {
  switch (finishReason) {
    case 'stop':
      return 'end_turn';
    case 'tool_calls':
    case 'function_call':
      return 'tool_use';
    case 'length':
      return 'max_tokens';
    default:
      return 'other';
  }
}
