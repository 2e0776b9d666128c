import { stat } from 'node:fs/promises';
import { z } from 'zod';
import { openDirectoryInsideWorktree } from './confined-open.js';
import { defineTool } from './define-tool.js';
import { ToolInputError } from './tool-errors.js';
import { walkTree } from './tree-walk.js';
import { realWorktreeRoot, resolveInsideWorktree, toWorktreeRelative } from './worktree-paths.js';

const defaultMaxEntries = 500;
const limitMaxEntries = 5000;

export const listFilesInput = z.object({
  path: z.string().optional().describe('Directory relative to the worktree root; defaults to the root.'),
  recursive: z.boolean().optional().describe('List subdirectories too (node_modules is listed but not entered).'),
  maxEntries: z.number().int().min(1).max(limitMaxEntries).optional().describe(`Cap on entries returned (default ${defaultMaxEntries}).`),
});

/** `list_files`: the entries of a directory, directories with a trailing `/`, symlinks with `@`. */
export const listFilesTool = defineTool({
  name: 'list_files',
  description:
    'List files and directories in the worktree. Directories end with "/", symbolic links with "@". The .git directory is never listed.',
  inputSchema: listFilesInput,
  readOnly: true,
  async run(input, context) {
    const root = await realWorktreeRoot(context.worktree);
    const directory = await resolveInsideWorktree(root, input.path ?? '.');
    if (!(await stat(directory)).isDirectory()) {
      throw new ToolInputError('list_files', `"${input.path}" is not a directory; use read_file to read a file.`);
    }
    const opened = await openDirectoryInsideWorktree(root, directory, input.path ?? '.');
    const maxEntries = input.maxEntries ?? defaultMaxEntries;
    const lines: string[] = [];
    let truncated = false;
    try {
      for await (const entry of walkTree(opened, {
        recursive: input.recursive ?? false,
        skip: new Set(['.git']),
        doNotEnter: new Set(['node_modules']),
        signal: context.signal,
      })) {
        if (lines.length >= maxEntries) {
          truncated = true;
          break;
        }
        const relative = toWorktreeRelative(root, entry.absolutePath);
        lines.push(entry.kind === 'directory' ? `${relative}/` : entry.kind === 'symlink' ? `${relative}@` : relative);
      }
    } finally {
      await opened.close();
    }
    const shown = toWorktreeRelative(root, directory);
    let content = lines.length === 0 ? `(${shown} is empty)` : lines.join('\n');
    if (truncated) content += `\n… [listing stopped at ${maxEntries} entries; list a subdirectory or raise maxEntries]`;
    return { content, data: { path: shown, entries: lines.length, truncated } };
  },
});
