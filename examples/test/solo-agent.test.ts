import { describe, expect, it } from 'vitest';
import { expectedOutput, runExample } from './run-example.js';

describe('examples/solo-agent.ts', () => {
  it('runs one agent that reads, edits and finishes, printing what the closing comment says', async () => {
    const { stdout, stderr, code } = await runExample('solo-agent.ts');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.split('\n').filter((line) => line.trim().length > 0);
    expect(lines).toEqual(await expectedOutput('solo-agent.ts'));
    expect(lines.at(-1)).toBe('src/app.txt is now "line 1\\nline two\\nline 3\\n"');
    expect(lines).toContain('agent.finished done {"summary":"Spelled out line two."}');
  });
});
