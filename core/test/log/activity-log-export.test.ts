import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ActivityLog, exportActivityLog } from '../../src/log/activity-log.js';
import { activityLogPath } from '../../src/runs/run-files.js';
import { REDACTED, SecretRedactor } from '../../src/secrets/secret-redactor.js';
import { openJsonStore } from '../../src/store/json-store.js';

/**
 * An export is redacted on the way out with the keys known now: a line written before a key was
 * entered (an agent that found it on disk first) does not carry it into the export.
 */

const directories: string[] = [];
afterEach(async () => {
  for (const directory of directories.splice(0)) await rm(directory, { recursive: true, force: true });
});

describe('activity log export', () => {
  it('redacts, in both formats, a key that became known after the line was written', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'kanbots-log-'));
    directories.push(directory);
    const key = 'compatible-key-learnt-later-4f2a9c';
    const redactor = new SecretRedactor();
    const log = await ActivityLog.open(openJsonStore(directory).runs, { runId: 'run_1', redactor });
    await log.append('tool.result', { content: `found ${key} in .env` });
    await log.flush();
    redactor.setSecret('compatible.apiKey', key);
    for (const format of ['jsonl', 'markdown'] as const) {
      const exported = await exportActivityLog(activityLogPath(directory, 'run_1'), format, { redactor });
      expect(exported).not.toContain(key);
      expect(exported).toContain(`found ${REDACTED} in .env`);
    }
  });
});
