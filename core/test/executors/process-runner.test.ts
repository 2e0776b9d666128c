import { describe, expect, it } from 'vitest';
import { groupAlive, startProcess } from '../../src/executors/process-runner.js';
import { LineSplitter, parseJsonLine } from '../../src/executors/line-splitter.js';

const node = process.execPath;

describe('line splitting', () => {
  it('joins partial lines, accepts CRLF and lone CR, and flushes a last line without newline', () => {
    const splitter = new LineSplitter();
    expect(splitter.push('{"a":')).toEqual([]);
    expect(splitter.push('1}\r\n{"b":2}\n\n')).toEqual(['{"a":1}', '{"b":2}']);
    expect(splitter.push('one\rtwo\r')).toEqual(['one']);
    expect(splitter.push('\nlast')).toEqual(['two']);
    expect(splitter.flush()).toEqual(['last']);
    expect(splitter.flush()).toEqual([]);
  });

  it('reports lines that are not JSON objects instead of throwing', () => {
    expect(parseJsonLine('{"type":"x"}')).toEqual({ ok: true, value: { type: 'x' } });
    expect(parseJsonLine('Reading additional input from stdin...')).toMatchObject({ ok: false, reason: 'not a JSON object' });
    expect(parseJsonLine('{"broken":')).toMatchObject({ ok: false });
    expect(parseJsonLine('[1,2]')).toMatchObject({ ok: false });
  });
});

describe('process runner', () => {
  it('runs with stdin closed and delivers stdout lines split across writes', async () => {
    const lines: string[] = [];
    const script = [
      // stdin is closed ('ignore'): reading it ends at once instead of waiting forever.
      "let stdinClosed = false; process.stdin.on('data', () => {}); process.stdin.on('end', () => { stdinClosed = true; });",
      "process.stdout.write('{\"n\":');",
      "setTimeout(() => process.stdout.write('1}\\r\\nplain text\\n{\"n\":2}\\n' + (stdinClosed ? 'stdin-closed' : 'stdin-open')), 50);",
    ].join('\n');
    const running = startProcess({ command: node, args: ['-e', script], cwd: process.cwd(), env: { PATH: process.env['PATH'] }, onLine: (line) => lines.push(line) });
    const result = await running.done;
    expect(result.exitCode).toBe(0);
    expect(lines).toContain('{"n":1}');
    expect(lines).toContain('plain text');
    expect(lines).toContain('{"n":2}');
    expect(lines).toContain('stdin-closed');
  });

  it('kills the whole process group (children included) on abort: SIGTERM, then SIGKILL', async () => {
    // The leader ignores SIGTERM and starts a grandchild that also ignores it.
    const script = [
      "process.on('SIGTERM', () => {});",
      "const { spawn } = require('node:child_process');",
      "const child = spawn(process.execPath, ['-e', \"process.on('SIGTERM', () => {}); setInterval(() => {}, 1000)\"], { stdio: 'ignore' });",
      "console.log(JSON.stringify({ grandchild: child.pid }));",
      'setInterval(() => {}, 1000);',
    ].join('\n');
    const controller = new AbortController();
    const lines: string[] = [];
    const running = startProcess({
      command: node,
      args: ['-e', script],
      cwd: process.cwd(),
      env: { PATH: process.env['PATH'] },
      signal: controller.signal,
      killGraceMs: 200,
      onLine: (line) => {
        lines.push(line);
        controller.abort();
      },
    });
    const result = await running.done;
    const grandchild = (JSON.parse(lines[0]!) as { grandchild: number }).grandchild;
    expect(result.stoppedBy).toBe('aborted');
    expect(result.signal).toBe('SIGKILL');
    expect(groupAlive(running.pid!)).toBe(false);
    expect(() => process.kill(grandchild, 0)).toThrow();
  });

  it('stops a process that runs past its timeout', async () => {
    const running = startProcess({ command: node, args: ['-e', 'setInterval(() => {}, 1000)'], cwd: process.cwd(), env: {}, timeoutMs: 100, onLine: () => {} });
    const result = await running.done;
    expect(result.stoppedBy).toBe('timeout');
    expect(groupAlive(running.pid!)).toBe(false);
  });

  it('reports a missing executable as a spawn error', async () => {
    const running = startProcess({ command: '/nonexistent/kanbots-no-such-cli', args: [], cwd: process.cwd(), env: {}, onLine: () => {} });
    const result = await running.done;
    expect((result.spawnError as NodeJS.ErrnoException | undefined)?.code).toBe('ENOENT');
  });
});
