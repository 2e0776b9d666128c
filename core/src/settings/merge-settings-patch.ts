import { ValidationError } from '../errors.js';

/**
 * Deep-merges a settings patch into the current settings, without validating the result (the
 * caller parses it with the settings schema). Plain objects merge key by key; anything else
 * (strings, numbers, booleans, arrays) replaces; `null` removes the key (e.g. to clear a
 * `baseURL` or drop a tool-policy rule, so its default applies again). Pure: no input is changed.
 */

const forbiddenKeys = new Set(['__proto__', 'constructor', 'prototype']);

/** Keys that name a credential: refused anywhere in a patch, since keys are never settings. */
const credentialKey = /api[_-]?key|secret|password|token/i;

/** Records keyed by names the user chooses (tool names, provider names): no credential check. */
const recordPaths = new Set(['toolPolicy.rules', 'limits.perProvider']);

export function mergeSettingsPatch(current: unknown, patch: unknown): Record<string, unknown> {
  if (!isPlainObject(patch)) throw new ValidationError('Invalid settings patch: expected an object', [{ path: '(root)', message: 'expected an object' }]);
  return mergeObjects(isPlainObject(current) ? current : {}, patch, []);
}

function mergeObjects(base: Record<string, unknown>, patch: Record<string, unknown>, path: string[]): Record<string, unknown> {
  const result: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    const keyPath = [...path, key];
    if (forbiddenKeys.has(key)) throw refused(keyPath, 'this key is not allowed');
    if (!recordPaths.has(path.join('.')) && credentialKey.test(key)) throw refused(keyPath, 'API keys are not settings; store them with secrets.set');
    if (value === null) {
      delete result[key];
    } else if (isPlainObject(value)) {
      const existing = result[key];
      result[key] = mergeObjects(isPlainObject(existing) ? existing : {}, value, keyPath);
    } else {
      result[key] = value;
    }
  }
  return result;
}

function refused(path: string[], message: string): ValidationError {
  const joined = path.join('.');
  return new ValidationError(`Invalid settings patch: ${joined}: ${message}`, [{ path: joined, message }]);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}
