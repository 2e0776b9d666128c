import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { jsonRunStepStore } from '../../src/runs/json-run-step-store.js';
import { agentFilePath, readJsonLinesSync, runFilePath, toolJournalPath } from '../../src/runs/run-files.js';
import { RunStepWriter } from '../../src/runs/run-step-writer.js';
import { createTemporaryDirectory, type TemporaryDirectory } from '../../src/testing/git-fixtures.js';

let directory: TemporaryDirectory | undefined;
afterEach(async () => {
  await directory?.cleanup();
  directory = undefined;
});

describe('the run step writer', () => {
  it('writes step boundaries in order, off the event loop: the snapshot that holds a call before its journal entry, the latest record last', async () => {
    directory = await createTemporaryDirectory();
    const dataDir = directory.path;
    const writer = new RunStepWriter(jsonRunStepStore(dataDir));
    writer.enqueue({ runId: 'run_1', record: { step: 1 } });
    const started = writer.commit({ runId: 'run_1', agents: { agent_1: { phase: 'runningTools' } }, journal: [{ agentId: 'agent_1', entry: { callId: 'call_1', event: 'started', name: 'note' } }] });
    // Snapshot-only boundaries waiting their turn are written once, with the newest state.
    writer.enqueue({ runId: 'run_1', record: { step: 2 } });
    writer.enqueue({ runId: 'run_1', record: { step: 3 }, agents: { agent_1: { phase: 'requesting' } } });
    await started;
    expect(readJsonLinesSync(toolJournalPath(dataDir, 'run_1', 'agent_1'))).toEqual([{ callId: 'call_1', event: 'started', name: 'note' }]);
    await writer.flush();
    expect(JSON.parse(await readFile(runFilePath(dataDir, 'run_1'), 'utf8'))).toEqual({ step: 3 });
    expect(JSON.parse(await readFile(agentFilePath(dataDir, 'run_1', 'agent_1'), 'utf8'))).toEqual({ phase: 'requesting' });
  });

  it('reports a write that fails, changes nothing else, and writes the next boundary', async () => {
    directory = await createTemporaryDirectory();
    const dataDir = directory.path;
    // A file where the run's folder must be: the run's writes fail.
    await mkdir(join(dataDir, 'runs'), { recursive: true });
    await writeFile(join(dataDir, 'runs', 'run_2'), 'not a folder');
    const failures: unknown[] = [];
    const writer = new RunStepWriter(jsonRunStepStore(dataDir));
    writer.onFailure((error) => failures.push(error));
    await expect(writer.commit({ runId: 'run_2', record: { step: 1 } })).rejects.toThrow(/Could not write/);
    writer.enqueue({ runId: 'run_3', record: { step: 2 } });
    await writer.flush();
    expect(failures).toHaveLength(1);
    expect(JSON.parse(await readFile(runFilePath(dataDir, 'run_3'), 'utf8'))).toEqual({ step: 2 });
  });
});
