import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigurationError } from '@kanbots/core';
import { loadWorkflowModules } from '../../src/host/workflow-modules.js';

const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

describe('kanbots serve --workflows <module>', () => {
  let directory: string | undefined;
  afterAll(async () => {
    if (directory !== undefined) await rm(directory, { recursive: true, force: true });
  });

  it('loads the definitions a module exports (the test-fix example), checked like any registration', async () => {
    const workflows = await loadWorkflowModules(['examples/test-fix-loop-workflow.ts'], repositoryRoot);
    expect(workflows.map((workflow) => [workflow.id, workflow.label, workflow.roles.map((role) => role.role)])).toEqual([['test-fix-loop', 'Test and fix', ['tester', 'developer']]]);
  });

  it('names the module that cannot be loaded or exports no workflows', async () => {
    directory = await mkdtemp(join(tmpdir(), 'kanbots-workflow-modules-'));
    await writeFile(join(directory, 'empty.mjs'), 'export const nothing = 1;\n');
    await expect(loadWorkflowModules(['missing.mjs'], directory)).rejects.toThrow(/--workflows missing\.mjs: the module could not be loaded/);
    await expect(loadWorkflowModules(['empty.mjs'], directory)).rejects.toThrow('--workflows empty.mjs: the module exports no workflows');
    await expect(loadWorkflowModules(['empty.mjs'], directory)).rejects.toBeInstanceOf(ConfigurationError);
  });
});
