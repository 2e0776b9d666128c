import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { executeTool } from '../../src/agents/tools/define-tool.js';
import { editFileTool } from '../../src/agents/tools/edit-file-tool.js';
import { createToolSandbox, type ToolSandbox } from './tool-test-context.js';

let sandbox: ToolSandbox;
beforeEach(() => {
  sandbox = createToolSandbox();
  sandbox.write('app.ts', 'const a = 1;\nconst b = 1;\nconst c = 2;\n');
});
afterEach(() => sandbox.cleanup());

const edit = (input: Record<string, unknown>) => executeTool(editFileTool, input, sandbox.context());

describe('edit_file', () => {
  it('replaces a unique exact match and returns a unified diff', async () => {
    const outcome = await edit({ path: 'app.ts', old_string: 'const c = 2;', new_string: 'const c = 3;' });
    expect(outcome.isError).toBeFalsy();
    expect(sandbox.read('app.ts')).toBe('const a = 1;\nconst b = 1;\nconst c = 3;\n');
    expect(outcome.data?.['diff']).toContain('--- a/app.ts');
    expect(outcome.data?.['diff']).toContain('-const c = 2;\n+const c = 3;');
  });

  it('says there are 0 matches when old_string is missing, and changes nothing', async () => {
    const outcome = await edit({ path: 'app.ts', old_string: 'const d = 4;', new_string: 'x' });
    expect(outcome.isError).toBe(true);
    expect(outcome.content).toContain('0 matches');
    expect(sandbox.read('app.ts')).toBe('const a = 1;\nconst b = 1;\nconst c = 2;\n');
  });

  it('says how many matches there are when old_string is ambiguous', async () => {
    const outcome = await edit({ path: 'app.ts', old_string: ' = 1;', new_string: ' = 5;' });
    expect(outcome.isError).toBe(true);
    expect(outcome.content).toContain('matches 2 times');
    expect(outcome.content).toContain('replace_all');
    expect(sandbox.read('app.ts')).toContain('const a = 1;');
  });

  it('replaces every match with replace_all', async () => {
    const outcome = await edit({ path: 'app.ts', old_string: ' = 1;', new_string: ' = 5;', replace_all: true });
    expect(outcome.content).toContain('replaced 2 occurrences');
    expect(sandbox.read('app.ts')).toBe('const a = 5;\nconst b = 5;\nconst c = 2;\n');
  });

  it('inserts replacement text literally ($& and $1 are not patterns)', async () => {
    await edit({ path: 'app.ts', old_string: 'const c = 2;', new_string: "const c = '$&$1';" });
    expect(sandbox.read('app.ts')).toContain("const c = '$&$1';");
  });

  it('points to write_file for a file that does not exist', async () => {
    const outcome = await edit({ path: 'missing.ts', old_string: 'a', new_string: 'b' });
    expect(outcome.isError).toBe(true);
    expect(outcome.content).toContain('write_file');
  });

  it('refuses identical strings and empty old_string', async () => {
    expect((await edit({ path: 'app.ts', old_string: 'a', new_string: 'a' })).content).toContain('identical');
    const empty = await edit({ path: 'app.ts', old_string: '', new_string: 'b' });
    expect(empty.isError).toBe(true);
    expect(empty.content).toContain('old_string');
  });

  it('hints at CRLF line endings when a multi-line match fails', async () => {
    sandbox.write('windows.txt', 'one\r\ntwo\r\n');
    const outcome = await edit({ path: 'windows.txt', old_string: 'one\ntwo', new_string: 'x' });
    expect(outcome.content).toContain('CRLF');
  });
});
