/**
 * Structured errors at the edges (STYLE §7). Every error Kanbots raises is a `KanbotsError` with a
 * stable `name` and `code`, a `retryable` flag and an optional `cause`. Subclasses say whose fault
 * it is. Inside the actor system a failure travels as data (`toErrorData`), never as a thrown
 * exception crossing actors.
 */

export interface KanbotsErrorOptions {
  cause?: unknown;
  retryable?: boolean;
  details?: Record<string, unknown>;
}

/** Serialisable form of an error, safe to persist, log and send over the protocol. */
export interface ErrorData {
  name: string;
  code: string;
  message: string;
  retryable: boolean;
  details?: Record<string, unknown>;
}

export class KanbotsError extends Error {
  override readonly name: string = 'KanbotsError';
  readonly code: string;
  readonly retryable: boolean;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: string, message: string, options: KanbotsErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.details = options.details;
  }

  toData(): ErrorData {
    const data: ErrorData = { name: this.name, code: this.code, message: this.message, retryable: this.retryable };
    if (this.details !== undefined) data.details = this.details;
    return data;
  }
}

/** Input that does not match its schema: a protocol message, a command payload, a file. */
export class ValidationError extends KanbotsError {
  override readonly name: string = 'ValidationError';
  readonly issues: readonly { path: string; message: string }[];
  constructor(message: string, issues: readonly { path: string; message: string }[] = [], options: KanbotsErrorOptions = {}) {
    super('validation_failed', message, { ...options, details: { ...options.details, issues } });
    this.issues = issues;
  }
}

/** A referenced entity (card, column, run, agent, repository) does not exist. */
export class NotFoundError extends KanbotsError {
  override readonly name = 'NotFoundError';
  constructor(readonly entity: string, readonly id: string, options: KanbotsErrorOptions = {}) {
    super('not_found', `${entity} "${id}" does not exist`, { ...options, details: { ...options.details, entity, id } });
  }
}

/** The request is well-formed but not allowed in the current state (e.g. removing a non-empty column). */
export class ConflictError extends KanbotsError {
  override readonly name = 'ConflictError';
  constructor(message: string, options: KanbotsErrorOptions = {}) {
    super('conflict', message, options);
  }
}

/** The user's configuration is wrong or missing (no API key, unknown provider, bad path). */
export class ConfigurationError extends KanbotsError {
  override readonly name: string = 'ConfigurationError';
  constructor(message: string, options: KanbotsErrorOptions = {}) {
    super('configuration', message, options);
  }
}

/** Turns a thrown zod error (or anything with `issues`) into a ValidationError. */
export function validationErrorFrom(what: string, error: unknown): ValidationError {
  const raw = (error as { issues?: { path?: PropertyKey[]; message?: string }[] } | undefined)?.issues;
  const issues = Array.isArray(raw)
    ? raw.map((issue) => ({ path: (issue.path ?? []).map(String).join('.') || '(root)', message: issue.message ?? 'invalid' }))
    : [];
  const summary = issues.length > 0 ? issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ') : String(error);
  return new ValidationError(`Invalid ${what}: ${summary}`, issues, { cause: error });
}

/** Converts anything thrown into serialisable error data. */
export function toErrorData(error: unknown): ErrorData {
  if (error instanceof KanbotsError) return error.toData();
  if (error instanceof Error) return { name: error.name, code: 'internal', message: error.message, retryable: false };
  return { name: 'Error', code: 'internal', message: String(error), retryable: false };
}
