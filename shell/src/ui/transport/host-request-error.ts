import type { ErrorData } from '@kanbots/core/model';

/**
 * A command the host did not carry out: its error reply, or a local failure (timeout, connection
 * lost, offline) with the same shape. Mirrors core's `KanbotsError` fields; the UI cannot import
 * core's root entry, which is not browser-safe.
 */
export class HostRequestError extends Error {
  override readonly name = 'HostRequestError';
  readonly code: string;
  readonly retryable: boolean;
  readonly data: ErrorData;

  constructor(data: ErrorData) {
    super(data.message);
    this.data = data;
    this.code = data.code;
    this.retryable = data.retryable;
  }

  static local(code: 'timeout' | 'connection_lost' | 'offline' | 'bad_reply', message: string): HostRequestError {
    return new HostRequestError({ name: 'HostRequestError', code, message, retryable: code !== 'bad_reply' });
  }
}
