/**
 * The host's one logger: plain lines on stderr, with anything that looks like a secret redacted
 * (API keys, bearer tokens, `token=` query values, long random strings).
 */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

const levels: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

const secretRules: [RegExp, string][] = [
  // name=value / "name": "value" for names that hold secrets
  [/\b((?:token|accessToken|connectToken|nlToken|nlConnectToken|api[_-]?key|apikey|secret|password)["']?\s*[=:]\s*["']?)[^\s"'&,;})]+/gi, '$1[redacted]'],
  [/\b(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi, '$1[redacted]'],
  // provider API keys (sk-…, sk-ant-…, sk-proj-…)
  [/\bsk-[A-Za-z0-9_-]{8,}/g, '[redacted]'],
  // long random-looking strings: 32+ letters/digits/_/- with at least one digit and one letter
  [/\b(?=[A-Za-z_-]*\d)(?=[\d_-]*[A-Za-z])[A-Za-z0-9_-]{32,}\b/g, '[redacted]'],
];

/** Replaces what looks like a key or token with `[redacted]`. */
export function redactSecrets(text: string): string {
  return secretRules.reduce((result, [pattern, replacement]) => result.replace(pattern, replacement), text);
}

export interface LoggerOptions {
  level?: LogLevel;
  write?: (line: string) => void;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const threshold = levels[options.level ?? (process.env.KANBOTS_LOG_LEVEL as LogLevel | undefined) ?? 'info'] ?? levels.info;
  const write = options.write ?? ((line: string) => process.stderr.write(line));
  const log = (level: LogLevel) => (message: string) => {
    if (levels[level] < threshold) return;
    write(`[kanbots] ${level === 'info' ? '' : `${level}: `}${redactSecrets(message)}\n`);
  };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

/** A logger that also redacts the values of the keys the host knows (its one redactor) before writing. */
export function withKnownSecrets(logger: Logger, redactor: { text(value: string): string }): Logger {
  return {
    debug: (message) => logger.debug(redactor.text(message)),
    info: (message) => logger.info(redactor.text(message)),
    warn: (message) => logger.warn(redactor.text(message)),
    error: (message) => logger.error(redactor.text(message)),
  };
}

/** A logger that drops everything (tests, embedders). */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
