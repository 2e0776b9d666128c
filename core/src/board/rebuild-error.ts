import { ConflictError, KanbotsError, NotFoundError, ValidationError, type ErrorData } from '../errors.js';
import { StoreCorruptError, StoreError, type StoreOperation } from '../store/store-errors.js';

/**
 * The board actor reports failures as data (`ErrorData`, STYLE §7); at the service's edge they
 * become typed exceptions again so callers can `instanceof` them. Unknown kinds become a plain
 * `KanbotsError` with the same code and message.
 */
export function rebuildError(data: ErrorData): KanbotsError {
  const details = data.details ?? {};
  const text = (key: string): string => String(details[key] ?? '');
  switch (data.name) {
    case 'ValidationError':
      return new ValidationError(data.message, (details.issues as { path: string; message: string }[] | undefined) ?? []);
    case 'NotFoundError':
      return new NotFoundError(text('entity'), text('id'));
    case 'ConflictError':
      return new ConflictError(data.message, { details });
    case 'StoreCorruptError':
      return new StoreCorruptError(text('path'), text('movedTo'), text('reason'));
    case 'StoreError':
      return new StoreError(text('path'), (text('operation') || 'write') as StoreOperation, data.message, { code: data.code, retryable: data.retryable });
    default:
      return new KanbotsError(data.code, data.message, { retryable: data.retryable, details });
  }
}
