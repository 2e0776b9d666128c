import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ActivityLog, exportActivityLog, readActivityLog } from '../../src/log/activity-log.js';
import { createRedactor, redactorFromEnvironment, REDACTED } from '../../src/log/redact.js';
import { ManualClock } from '../../src/ports/clock.js';
import { activityLogPath } from '../../src/runs/run-files.js';
import { openJsonStore } from '../../src/store/json-store.js';
import type { RunStore } from '../../src/store/kanbots-store.js';

/** The activity log on the JSON store, whose files a test can read and tear. */
let directory: string;
let store: RunStore;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'kanbots-log-'));
  store = openJsonStore(directory).runs;
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('activity log', () => {
  it('appends one JSON record per line with increasing seq and the injected time', async () => {
    const clock = new ManualClock(1_000);
    const log = await ActivityLog.open(store, { runId: 'run_1', clock });
    const path = activityLogPath(directory, 'run_1');
    await log.append('run.state', { from: 'idle', to: 'running' });
    clock.advance(5);
    await Promise.all([log.append('tool.call', { name: 'read_file', input: { path: 'a.ts' } }, 'agent_1'), log.append('model.request', { model: 'm', inputTokens: 10 })]);
    await log.flush();
    const lines = (await readFile(path, 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(3);
    const { records } = await readActivityLog(path);
    expect(records.map((record) => [record.seq, record.kind, record.at])).toEqual([
      [1, 'run.state', 1_000],
      [2, 'tool.call', 1_005],
      [3, 'model.request', 1_005],
    ]);
    expect(records[1]?.agentId).toBe('agent_1');
  });

  it('continues the sequence after a restart and skips a line cut by a crash', async () => {
    const path = activityLogPath(directory, 'r');
    const first = await ActivityLog.open(store, { runId: 'r' });
    await first.append('note', { text: 'one' });
    await first.flush();
    await appendFile(path, '{"seq":2,"at":1,"runId":"r","ki'); // torn write
    await appendFile(path, '\n');
    const second = await ActivityLog.open(store, { runId: 'r' });
    const record = await second.append('note', { text: 'two' });
    await second.flush();
    expect(record.seq).toBe(2);
    const { records, skippedLines } = await readActivityLog(path);
    expect(records.map((item) => item.data.text)).toEqual(['one', 'two']);
    expect(skippedLines).toEqual([2]);
  });

  it('never writes a secret: known keys and well-known key shapes are redacted', async () => {
    const key = 'my-very-secret-configured-key-123';
    const log = await ActivityLog.open(store, { runId: 'r', redactor: createRedactor([key]) });
    await log.append('error', {
      message: `auth failed for ${key}`,
      nested: { header: 'Authorization: Bearer abcdefghijklmnopqrstuvwxyz012345', list: ['sk-ant-api03-AAAAAAAAAAAAAAAAAAAAAAAA'] },
      openai: 'key sk-proj-BBBBBBBBBBBBBBBBBBBBBBBBBBBB in text',
    });
    await log.flush();
    const text = await readFile(activityLogPath(directory, 'r'), 'utf8');
    expect(text).not.toContain(key);
    expect(text).not.toContain('abcdefghijklmnopqrstuvwxyz012345');
    expect(text).not.toContain('sk-ant-api03-AAAA');
    expect(text).not.toContain('sk-proj-BBBB');
    expect(text.split(REDACTED).length - 1).toBe(4);
  });

  it('exports as JSONL and as a Markdown timeline', async () => {
    const path = activityLogPath(directory, 'run_9');
    const log = await ActivityLog.open(store, { runId: 'run_9', clock: new ManualClock(Date.UTC(2026, 10, 24)) });
    await log.append('approval', { callId: 'c1', approved: true }, 'dev');
    await log.flush();
    expect(await exportActivityLog(path, 'jsonl')).toBe(await readFile(path, 'utf8'));
    const markdown = await exportActivityLog(path, 'markdown');
    expect(markdown).toContain('# Activity of run run_9');
    expect(markdown).toContain('- 2026-11-24T00:00:00.000Z **approval** (dev) {"callId":"c1","approved":true}');
  });

  it('loads secrets from environment variables that look like keys', () => {
    const redactor = redactorFromEnvironment({ ANTHROPIC_API_KEY: 'plain-looking-value', HOME: '/home/me' });
    expect(redactor.text('x plain-looking-value y /home/me')).toBe(`x ${REDACTED} y /home/me`);
  });
});
