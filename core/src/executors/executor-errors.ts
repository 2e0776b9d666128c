import { KanbotsError, type KanbotsErrorOptions } from '../errors.js';
import { ProviderError, type ProviderErrorKind } from '../providers/provider-errors.js';

/**
 * Typed failures of agent CLIs. API failures the CLI reports (with or without an HTTP status)
 * become `ProviderError`s with the CLI as the provider, so they read like the built-in loop's.
 */

export type AgentCliErrorKind =
  /** The CLI binary is not on PATH or at the configured path. */
  | 'not_installed'
  /** The process ended without a final result line (crash, killed, bad flags). */
  | 'exited'
  /** The CLI stopped because the turn limit was reached. */
  | 'max_turns'
  /** The run took longer than the executor's timeout. */
  | 'timeout'
  /** The CLI reported a failure that is not an API error. */
  | 'failed';

export class AgentCliError extends KanbotsError {
  override readonly name = 'AgentCliError';
  readonly kind: AgentCliErrorKind;
  readonly cli: string;

  constructor(kind: AgentCliErrorKind, cli: string, message: string, options: KanbotsErrorOptions = {}) {
    super(`agent_cli_${kind}`, message, { ...options, details: { ...options.details, kind, cli } });
    this.kind = kind;
    this.cli = cli;
  }
}

/** Maps an HTTP status to the provider error kind the built-in adapters use. */
export function providerKindForStatus(status: number | undefined): ProviderErrorKind {
  if (status === undefined) return 'unknown';
  if (status === 429) return 'rate_limited';
  if (status === 529) return 'overloaded';
  if (status === 401 || status === 403) return 'auth';
  if (status === 408) return 'timeout';
  if (status >= 500) return 'server_error';
  if (status >= 400) return 'bad_request';
  return 'unknown';
}

/** A provider error reported by an agent CLI, with the status when the CLI told it. */
export function cliProviderError(cli: string, message: string, status: number | undefined, kind?: ProviderErrorKind): ProviderError {
  const options = status === undefined ? { provider: cli } : { provider: cli, status };
  return new ProviderError(kind ?? providerKindForStatus(status), message, options);
}
