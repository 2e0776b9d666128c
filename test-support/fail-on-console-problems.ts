import nodeConsole from 'node:console';
import { afterEach, beforeEach } from 'vitest';

/**
 * A library warning printed during a test is a bug (XState's included), and so is a console
 * error: both fail the test that printed them. The message is still printed, and the test fails
 * after it finished, naming each one. Two consoles are watched: the test's (vitest's own, which
 * the test code and the libraries it loads print to) and Node's original one, which the test
 * environment was handed before vitest's replaced it (happy-dom's window prints there, e.g. a
 * browser-style "POST <url> 401 (Unauthorized)" for a refused fetch).
 */

const problems: string[] = [];
const consoles = [...new Set([console, nodeConsole])];
const originals = consoles.map((target) => ({ target, warn: target.warn, error: target.error }));

function fromXState(): boolean {
  return /[\\/]node_modules[\\/]xstate[\\/]/.test(new Error().stack ?? '');
}

beforeEach(() => {
  problems.length = 0;
  for (const { target, warn, error } of originals) {
    target.warn = (...args: unknown[]) => {
      if (fromXState()) problems.push(`XState warning: ${args.map(String).join(' ')}`);
      warn.apply(target, args);
    };
    target.error = (...args: unknown[]) => {
      problems.push(`console.error: ${args.map(String).join(' ')}`);
      error.apply(target, args);
    };
  }
});

afterEach(() => {
  for (const { target, warn, error } of originals) {
    target.warn = warn;
    target.error = error;
  }
  if (problems.length > 0) {
    const found = problems.splice(0);
    throw new Error(`The test printed what it must not:\n${found.join('\n')}`);
  }
});
