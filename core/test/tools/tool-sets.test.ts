import { describe, expect, it } from 'vitest';
import { NotFoundError, ConflictError } from '../../src/errors.js';
import { executeTool } from '../../src/agents/tools/define-tool.js';
import { decideTool } from '../../src/agents/tools/tool.js';
import { createToolRegistry, defaultToolPolicy, developerTools, readOnlyTools } from '../../src/agents/tools/tool-sets.js';
import { toModelToolSpec } from '../../src/agents/tools/tool-spec.js';
import { readFileTool } from '../../src/agents/tools/read-file-tool.js';

describe('tool sets', () => {
  it('developers get every tool', () => {
    expect(developerTools().map((tool) => tool.name)).toEqual([
      'list_files', 'read_file', 'search_files', 'write_file', 'edit_file', 'run_command', 'show_diff', 'finish',
    ]);
  });

  it('read-only tools cannot write, edit or run commands', () => {
    const names = readOnlyTools().map((tool) => tool.name);
    expect(names).toEqual(['list_files', 'read_file', 'search_files', 'show_diff', 'finish']);
    expect(readOnlyTools().every((tool) => tool.readOnly)).toBe(true);
  });

  it('the registry finds tools by name', () => {
    const registry = createToolRegistry(readOnlyTools());
    expect(registry.get('read_file')).toBe(readFileTool);
    expect(registry.has('write_file')).toBe(false);
    expect(registry.find('write_file')).toBeUndefined();
    expect(() => registry.get('write_file')).toThrow(NotFoundError);
    expect(registry.names()).toHaveLength(5);
  });

  it('the registry refuses two tools with the same name', () => {
    expect(() => createToolRegistry([readFileTool, readFileTool])).toThrow(ConflictError);
  });

  it('the default policy allows everything but asks before running a command', () => {
    for (const tool of developerTools()) {
      expect(decideTool(defaultToolPolicy, tool.name)).toBe(tool.name === 'run_command' ? 'ask' : 'allow');
    }
  });

  it('offers each tool to the model with a JSON Schema of its input', () => {
    const spec = toModelToolSpec(readFileTool);
    expect(spec.name).toBe('read_file');
    expect(spec.inputSchema).toMatchObject({ type: 'object', required: ['path'], properties: { path: { type: 'string' }, offset: { type: 'integer' } } });
    expect(spec.inputSchema['$schema']).toBeUndefined();
    for (const tool of developerTools()) expect(toModelToolSpec(tool).inputSchema['type']).toBe('object');
  });

  it('answers invalid input with a model-fixable error naming the field', async () => {
    const outcome = await executeTool(readFileTool, { path: 7 }, { worktree: '/nonexistent', signal: new AbortController().signal });
    expect(outcome.isError).toBe(true);
    expect(outcome.content).toContain('Invalid input for read_file');
    expect(outcome.content).toContain('path');
  });
});
