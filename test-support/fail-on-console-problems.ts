import { afterEach, beforeEach } from 'vitest';

/**
 * A library warning printed during a test is a bug (XState's included), and so is a console
 * error: both fail the test that printed them. The message is still printed, and the test fails
 * after it finished, naming each one.
 */

const problems: string[] = [];
const original = { warn: console.warn, error: console.error };

function fromXState(): boolean {
  return /[\\/]node_modules[\\/]xstate[\\/]/.test(new Error().stack ?? '');
}

beforeEach(() => {
  problems.length = 0;
  console.warn = (...args: unknown[]) => {
    if (fromXState()) problems.push(`XState warning: ${args.map(String).join(' ')}`);
    original.warn.apply(console, args);
  };
  console.error = (...args: unknown[]) => {
    problems.push(`console.error: ${args.map(String).join(' ')}`);
    original.error.apply(console, args);
  };
});

afterEach(() => {
  console.warn = original.warn;
  console.error = original.error;
  if (problems.length > 0) {
    const found = problems.splice(0);
    throw new Error(`The test printed what it must not:\n${found.join('\n')}`);
  }
});
