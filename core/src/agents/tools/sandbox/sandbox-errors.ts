import { KanbotsError, type KanbotsErrorOptions } from '../../../errors.js';

/**
 * The setting asks for sandboxed commands (`sandbox: required`) but this machine has no usable
 * sandbox: the command is not run. The environment's fault, not the model's.
 */
export class CommandSandboxUnavailableError extends KanbotsError {
  override readonly name = 'CommandSandboxUnavailableError';
  constructor(
    readonly reason: string,
    options: KanbotsErrorOptions = {},
  ) {
    super(
      'command_sandbox_unavailable',
      `Commands must run in a sandbox (the "sandbox" setting is "required"), but ${reason} The command was not run. Install the sandbox, or set "sandbox" to "auto" to run commands unsandboxed.`,
      { ...options, details: { ...options.details, reason } },
    );
  }
}
