import { z } from 'zod';
import { ValidationError } from '../errors.js';
import { settingsSchema } from './settings.js';
import { credentialKeyPattern } from './settings-patch.js';

/**
 * Deep-merges a settings patch into the current settings, without validating the result (the
 * caller parses it with the settings schema). Plain objects merge key by key; anything else
 * (strings, numbers, booleans, arrays) replaces; `null` removes the key (e.g. to clear a
 * `baseURL` or drop a tool-policy rule, so its default applies again). Pure: no input is changed.
 * A patch nested deeper than the settings themselves is refused before any merging (checked
 * without recursion, so a patch nested a million levels deep is a ValidationError, not a crash).
 */

const forbiddenKeys = new Set(['__proto__', 'constructor', 'prototype']);

/** Keys that name a credential: refused anywhere in a patch, since keys are never settings. */
const credentialKey = credentialKeyPattern;

/** Records keyed by names the user chooses (tool names, provider names): no credential check. */
const recordPaths = new Set(['toolPolicy.rules', 'limits.perProvider']);

export function mergeSettingsPatch(current: unknown, patch: unknown, maxDepth: number = settingsDepth()): Record<string, unknown> {
  if (!isPlainObject(patch)) throw new ValidationError('Invalid settings patch: expected an object', [{ path: '(root)', message: 'expected an object' }]);
  const tooDeep = firstPathDeeperThan(patch, maxDepth);
  if (tooDeep !== undefined) throw refused(tooDeep, `nested deeper than the settings go (at most ${maxDepth} levels)`);
  return mergeObjects(isPlainObject(current) ? current : {}, patch, []);
}

let cachedDepth: number | undefined;

/** How many levels of objects the settings have (3: e.g. `providers.anthropic.baseURL`), read from the schema. */
export function settingsDepth(): number {
  cachedDepth ??= objectDepth(z.toJSONSchema(settingsSchema, { io: 'input', unrepresentable: 'any' }));
  return cachedDepth;
}

function objectDepth(schema: unknown): number {
  if (typeof schema !== 'object' || schema === null) return 0;
  const node = schema as { type?: unknown; properties?: Record<string, unknown>; additionalProperties?: unknown };
  if (node.type !== 'object') return 0;
  const children = [...Object.values(node.properties ?? {}), ...(typeof node.additionalProperties === 'object' ? [node.additionalProperties] : [])];
  return 1 + Math.max(0, ...children.map(objectDepth));
}

/** The path (first 10 keys) of a value nested more than `maxDepth` objects or arrays deep, if any; iterative. */
function firstPathDeeperThan(root: unknown, maxDepth: number): string[] | undefined {
  const stack: { value: unknown; depth: number; path: string[] }[] = [{ value: root, depth: 1, path: [] }];
  while (stack.length > 0) {
    const { value, depth, path } = stack.pop()!;
    if (depth > maxDepth) return path.length > 10 ? [...path.slice(0, 10), '…'] : path;
    for (const [key, child] of Object.entries(value as object)) {
      if (typeof child === 'object' && child !== null) stack.push({ value: child, depth: depth + 1, path: path.length > 10 ? path : [...path, key] });
    }
  }
  return undefined;
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
