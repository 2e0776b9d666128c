import { KanbotsError, type KanbotsErrorOptions } from '../errors.js';

/**
 * A message the host could not accept as a protocol message: too large, not JSON, not a valid
 * envelope, or naming a command nobody registered. (Arguments that fail their command's schema
 * are `ValidationError`s.) Nothing changes when one is raised. `invalid_result` and `invalid_event`
 * are the host's own fault: what it was about to send does not fit the protocol.
 */
export type ProtocolErrorCode = 'message_too_large' | 'malformed_json' | 'invalid_message' | 'unknown_command' | 'invalid_result' | 'invalid_event';

export class ProtocolError extends KanbotsError {
  override readonly name = 'ProtocolError';
  declare readonly code: ProtocolErrorCode;
  constructor(code: ProtocolErrorCode, message: string, options: KanbotsErrorOptions = {}) {
    super(code, message, options);
  }
}
