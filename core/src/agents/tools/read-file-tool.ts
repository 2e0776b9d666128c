import { z } from 'zod';
import { openInsideWorktree } from './confined-open.js';
import { defineTool } from './define-tool.js';
import { clipLine, decodeUtf8, looksBinary, maxReadableFileBytes } from './file-content.js';
import { PathOutsideWorktreeError, ToolInputError } from './tool-errors.js';
import { realWorktreeRoot, resolveInsideWorktree, toWorktreeRelative } from './worktree-paths.js';

const defaultLineLimit = 2000;
const maxLineLength = 2000;

export const readFileInput = z.object({
  path: z.string().min(1).describe('File path relative to the worktree root.'),
  offset: z.number().int().min(1).optional().describe('First line to show, 1-based (default 1).'),
  limit: z.number().int().min(1).max(10_000).optional().describe(`How many lines to show (default ${defaultLineLimit}).`),
});

/** The bytes of a regular file of the worktree, opened without following any link (confined-open.ts). */
async function readConfinedFile(root: string, filePath: string, requested: string): Promise<Uint8Array> {
  const handle = await openInsideWorktree(root, filePath, { purpose: 'read', requested });
  try {
    const info = await handle.stat();
    if (info.isDirectory()) throw new ToolInputError('read_file', `"${requested}" is a directory; use list_files.`);
    if (!info.isFile()) throw new ToolInputError('read_file', `"${requested}" is not a regular file.`);
    if (info.nlink > 1) {
      throw new PathOutsideWorktreeError(requested, 'hard_link', `Path "${requested}" is a file with ${info.nlink} hard links; it may be shared with a file outside the worktree, so tools do not read or write it.`);
    }
    if (info.size > maxReadableFileBytes) {
      throw new ToolInputError(
        'read_file',
        `"${requested}" is ${(info.size / 1024 / 1024).toFixed(1)} MiB, more than the ${maxReadableFileBytes / 1024 / 1024} MiB read_file limit; use search_files to find the part you need.`,
      );
    }
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

/** `read_file`: a line-numbered slice of a text file. */
export const readFileTool = defineTool({
  name: 'read_file',
  description:
    'Read a text file of the worktree. Lines are numbered ("   12\\tcode"); the numbers are not part of the file. Use offset/limit for long files.',
  inputSchema: readFileInput,
  readOnly: true,
  async run(input, context) {
    const root = await realWorktreeRoot(context.worktree);
    const filePath = await resolveInsideWorktree(root, input.path);
    const bytes = await readConfinedFile(root, filePath, input.path);
    if (looksBinary(bytes)) throw new ToolInputError('read_file', `"${input.path}" looks like a binary file (it contains NUL bytes); read_file only reads text.`);

    const text = decodeUtf8(bytes);
    const lines = text.split(/\r?\n/);
    if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
    const offset = input.offset ?? 1;
    const limit = input.limit ?? defaultLineLimit;
    const relative = toWorktreeRelative(root, filePath);
    if (text.length === 0) return { content: `(${relative} is empty)`, data: { path: relative, totalLines: 0 } };
    if (offset > lines.length) {
      throw new ToolInputError('read_file', `"${input.path}" has ${lines.length} lines; offset ${offset} is past the end.`);
    }
    const slice = lines.slice(offset - 1, offset - 1 + limit);
    const width = String(offset + slice.length - 1).length;
    const numbered = slice.map((line, index) => `${String(offset + index).padStart(Math.max(width, 5))}\t${clipLine(line, maxLineLength)}`);
    const lastShown = offset + slice.length - 1;
    let content = numbered.join('\n');
    if (lastShown < lines.length) content += `\n… [lines ${offset}-${lastShown} of ${lines.length}; use offset ${lastShown + 1} to read on]`;
    return { content, data: { path: relative, totalLines: lines.length, fromLine: offset, toLine: lastShown } };
  },
});
