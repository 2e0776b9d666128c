/**
 * Secret redaction for everything Kanbots writes or sends: activity logs, error messages, protocol
 * events. The one redactor lives in core/src/secrets/secret-redactor.ts (known key values in their
 * encodings, plus well-known key shapes); this module keeps the names the log and its callers use.
 */
export { REDACTED, SecretRedactor, createRedactor, redactorFromEnvironment, addEnvironmentSecrets } from '../secrets/secret-redactor.js';
export type { Redactor } from '../secrets/secret-redactor.js';
