import { z } from 'zod';
import { defineTool } from './define-tool.js';
import { readForWrite, writeConfinedFile } from './confined-file-write.js';
import { ToolInputError } from './tool-errors.js';
import { unifiedFileDiff } from './unified-diff.js';
import { realWorktreeRoot } from './worktree-paths.js';

export const editFileInput = z.object({
  path: z.string().min(1).describe('File path relative to the worktree root.'),
  old_string: z.string().min(1).describe('Exact text to replace, including whitespace and indentation; must match exactly once unless replace_all.'),
  new_string: z.string().describe('The replacement text.'),
  replace_all: z.boolean().optional().describe('Replace every occurrence of old_string.'),
});

function countOccurrences(text: string, search: string): number {
  return text.split(search).length - 1;
}

/** `edit_file`: exact-match replacement in an existing file; `data.diff` is the unified diff. */
export const editFileTool = defineTool({
  name: 'edit_file',
  description:
    'Replace exact text in an existing file. old_string must match the file exactly (whitespace included) and be unique unless replace_all is true; include surrounding lines to make it unique.',
  inputSchema: editFileInput,
  readOnly: false,
  async run(input, context) {
    const root = await realWorktreeRoot(context.worktree);
    const existing = await readForWrite('edit_file', root, input.path);
    if (existing.text === undefined) {
      throw new ToolInputError('edit_file', `"${input.path}" does not exist; use write_file to create it.`);
    }
    if (existing.binary) throw new ToolInputError('edit_file', `"${input.path}" is a binary file; edit_file only edits text.`);
    if (input.old_string === input.new_string) {
      throw new ToolInputError('edit_file', 'old_string and new_string are identical; nothing to change.');
    }
    const before = existing.text;
    const matches = countOccurrences(before, input.old_string);
    if (matches === 0) {
      const crlfHint =
        before.includes('\r\n') && !input.old_string.includes('\r\n') && input.old_string.includes('\n')
          ? ' The file uses CRLF line endings.'
          : '';
      throw new ToolInputError(
        'edit_file',
        `old_string was not found in "${existing.relativePath}" (0 matches). Read the file again and copy the exact text, including whitespace and indentation.${crlfHint}`,
        { details: { matches: 0 } },
      );
    }
    if (matches > 1 && !input.replace_all) {
      throw new ToolInputError(
        'edit_file',
        `old_string matches ${matches} times in "${existing.relativePath}". Include more surrounding lines to make it unique, or set replace_all to true to replace all ${matches}.`,
        { details: { matches } },
      );
    }
    const after = before.split(input.old_string).join(input.new_string);
    await writeConfinedFile(root, input.path, after);
    const diff = unifiedFileDiff(existing.relativePath, before, after);
    return {
      content: `Edited ${existing.relativePath}: replaced ${matches} occurrence${matches === 1 ? '' : 's'}.`,
      data: { path: existing.relativePath, replacements: matches, diff },
    };
  },
});
