import { KanbotsError, type KanbotsErrorOptions } from '../errors.js';

/**
 * A message the host could not accept as a protocol message: too large, not JSON, not a valid
 * envelope, or naming a command nobody registered. (Arguments that fail their command's schema
 * are `ValidationError`s.) Nothing changes when one is raised.
 */
export type ProtocolErrorCode = 'message_too_large' | 'malformed_json' | 'invalid_message' | 'unknown_command';

export class ProtocolError extends KanbotsError {
  override readonly name = 'ProtocolError';
  declare readonly code: ProtocolErrorCode;
  constructor(code: ProtocolErrorCode, message: string, options: KanbotsErrorOptions = {}) {
    super(code, message, options);
  }
}
