/**
 * Secret redaction for everything Kanbots writes or sends: activity logs, error messages, protocol
 * events. Known secret values (the configured API keys) are replaced exactly; well-known key shapes
 * are caught by pattern even when Kanbots never saw the value.
 */

export const REDACTED = '[REDACTED]';

const secretPatterns: readonly RegExp[] = [
  /sk-ant-[A-Za-z0-9_-]{10,}/g, // Anthropic
  /sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}/g, // OpenAI
  /gh[pousr]_[A-Za-z0-9]{20,}/g, // GitHub
  /github_pat_[A-Za-z0-9_]{20,}/g,
  /AKIA[0-9A-Z]{16}/g, // AWS access key id
  /xox[abpr]-[A-Za-z0-9-]{10,}/g, // Slack
  /(?<=\b(?:Bearer|Basic)\s+)[A-Za-z0-9._~+/=-]{16,}/g,
  /(?<=["']?(?:api[_-]?key|x-api-key|authorization|access[_-]?token|secret|password)["']?\s*[:=]\s*["']?)[^\s"',}]{8,}/gi,
];

export interface Redactor {
  /** Replaces every secret in a string. */
  text(value: string): string;
  /** Deep-copies a JSON-like value with every string redacted. */
  value<T>(value: T): T;
  /** Adds a known secret value (e.g. an API key loaded at runtime). */
  addSecret(secret: string): void;
}

export function createRedactor(knownSecrets: Iterable<string> = []): Redactor {
  const secrets = new Set<string>();
  const add = (secret: string): void => {
    if (secret.length >= 6) secrets.add(secret);
  };
  for (const secret of knownSecrets) add(secret);

  const text = (input: string): string => {
    let output = input;
    // Longest first so a key that contains another is replaced whole.
    for (const secret of [...secrets].sort((a, b) => b.length - a.length)) output = output.split(secret).join(REDACTED);
    for (const pattern of secretPatterns) output = output.replace(pattern, REDACTED);
    return output;
  };

  const value = <T>(input: T): T => redactValue(input, text, new WeakSet()) as T;

  return { text, value, addSecret: add };
}

function redactValue(input: unknown, text: (value: string) => string, seen: WeakSet<object>): unknown {
  if (typeof input === 'string') return text(input);
  if (input === null || typeof input !== 'object') return input;
  if (seen.has(input)) return '[Circular]';
  seen.add(input);
  if (Array.isArray(input)) return input.map((item) => redactValue(item, text, seen));
  const output: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(input)) output[key] = redactValue(item, text, seen);
  return output;
}

/** A redactor with the usual environment keys loaded. */
export function redactorFromEnvironment(env: Record<string, string | undefined>): Redactor {
  const names = Object.keys(env).filter((name) => /KEY|TOKEN|SECRET|PASSWORD|CREDENTIAL/i.test(name));
  return createRedactor(names.map((name) => env[name]).filter((value): value is string => typeof value === 'string'));
}
