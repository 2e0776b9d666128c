import type { IncomingMessage } from 'node:http';
import type { ScriptedApiKind } from './scripted-step.js';

/** Reading, classifying and redacting incoming HTTP requests. */

const secretHeaderPattern = /authorization|api-key|apikey|token|secret|cookie|password/i;

export const redacted = '[REDACTED]';

/** Header values with every credential replaced by `[REDACTED]`. */
export function redactHeaders(headers: IncomingMessage['headers']): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(', ') : value;
    result[name] = secretHeaderPattern.test(name) ? redacted : text;
  }
  return result;
}

export async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** The parsed JSON body, the raw text when it does not parse, undefined when empty. */
export function parseBody(text: string): unknown {
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export type Route =
  | { kind: 'model'; api: Exclude<ScriptedApiKind, 'anthropic-count-tokens' | 'unknown'> }
  | { kind: 'count-tokens' }
  | { kind: 'probe' }
  | { kind: 'models-list' }
  | { kind: 'unknown' };

/** Classifies a request by method and path (query string already removed). */
export function routeRequest(method: string, path: string): Route {
  const normalised = path.replace(/\/+$/, '') || '/';
  if ((method === 'HEAD' || method === 'GET') && normalised === '/') return { kind: 'probe' };
  if (method === 'GET' && (normalised === '/v1/models' || normalised === '/models')) return { kind: 'models-list' };
  if (method !== 'POST') return { kind: 'unknown' };
  if (normalised === '/v1/messages') return { kind: 'model', api: 'anthropic' };
  if (normalised === '/v1/messages/count_tokens') return { kind: 'count-tokens' };
  if (normalised === '/v1/chat/completions' || normalised === '/chat/completions') return { kind: 'model', api: 'openai-chat' };
  if (normalised === '/v1/responses' || normalised === '/responses') return { kind: 'model', api: 'openai-responses' };
  return { kind: 'unknown' };
}

/** Whether a request looks like it came from an Anthropic client (for error body shapes). */
export function looksAnthropic(headers: IncomingMessage['headers'], path: string): boolean {
  return headers['anthropic-version'] !== undefined || path.startsWith('/v1/messages');
}
