import { describe, expect, it } from 'vitest';
import { expectedOutput, runExample } from './run-example.js';

describe('examples/dev-review-loop.ts', () => {
  it('runs a dev ⇄ review loop (changes requested once, then approved, then merged) printing what the closing comment says', async () => {
    const { stdout, stderr, code } = await runExample('dev-review-loop.ts');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.split('\n').filter((line) => line.trim().length > 0);
    expect(lines).toEqual(await expectedOutput('dev-review-loop.ts'));
    expect(lines[0]).toMatch(/^review round 1: request_changes/);
    expect(lines[1]).toBe('review round 2: approve');
    expect(lines).toContain('run merged');
  });
});
