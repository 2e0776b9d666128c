import { z } from 'zod';
import { defineTool } from './define-tool.js';
import { readForWrite, writeConfinedFile } from './confined-file-write.js';
import { unifiedFileDiff } from './unified-diff.js';
import { realWorktreeRoot } from './worktree-paths.js';

export const writeFileInput = z.object({
  path: z.string().min(1).describe('File path relative to the worktree root; missing parent directories are created.'),
  content: z.string().describe('The complete new content of the file.'),
});

/** `write_file`: creates or overwrites a file; `data.diff` is the unified diff of the change. */
export const writeFileTool = defineTool({
  name: 'write_file',
  description:
    'Create a file or replace its whole content. Prefer edit_file for changing part of an existing file. Paths are relative to the worktree root.',
  inputSchema: writeFileInput,
  readOnly: false,
  async run(input, context) {
    const root = await realWorktreeRoot(context.worktree);
    const existing = await readForWrite('write_file', root, input.path);
    await writeConfinedFile(root, input.path, input.content);
    const created = existing.text === undefined;
    const diff = existing.binary
      ? `Binary file ${existing.relativePath} replaced by text\n`
      : unifiedFileDiff(existing.relativePath, existing.text, input.content);
    const lineCount = input.content === '' ? 0 : input.content.split('\n').length - (input.content.endsWith('\n') ? 1 : 0);
    return {
      content: `${created ? 'Created' : 'Wrote'} ${existing.relativePath} (${lineCount} lines).`,
      data: { path: existing.relativePath, created, diff },
    };
  },
});
