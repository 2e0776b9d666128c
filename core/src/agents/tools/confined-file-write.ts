import { openInsideWorktree } from './confined-open.js';
import { decodeUtf8, looksBinary } from './file-content.js';
import { ToolInputError } from './tool-errors.js';
import { resolveInsideWorktree, toWorktreeRelative } from './worktree-paths.js';

/** The current text of a file the tools are about to change, or undefined when it does not exist. */
export interface ExistingFile {
  absolutePath: string;
  relativePath: string;
  /** Undefined when the file does not exist yet. */
  text: string | undefined;
  binary: boolean;
}

/** Resolves a path for writing and reads what is there now (refusing directories and special files). */
export async function readForWrite(toolName: string, root: string, requested: string): Promise<ExistingFile> {
  const absolutePath = await resolveInsideWorktree(root, requested, { forWrite: true });
  const relativePath = toWorktreeRelative(root, absolutePath);
  const handle = await openInsideWorktree(root, absolutePath, { purpose: 'read', requested }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (!handle) return { absolutePath, relativePath, text: undefined, binary: false };
  try {
    const info = await handle.stat();
    if (info.isDirectory()) throw new ToolInputError(toolName, `"${requested}" is a directory, not a file.`);
    if (!info.isFile()) throw new ToolInputError(toolName, `"${requested}" is not a regular file.`);
    const bytes = await handle.readFile();
    return { absolutePath, relativePath, text: decodeUtf8(bytes), binary: looksBinary(bytes) };
  } finally {
    await handle.close();
  }
}

/**
 * Writes text to a path inside the worktree, creating missing parent directories. Every component
 * is opened relative to the one before without following links (confined-open.ts), so a symlink
 * swapped in at any moment is refused, never written through; the file is truncated only once
 * it is known to be a plain file with a single link.
 */
export async function writeConfinedFile(root: string, requested: string, content: string): Promise<string> {
  const absolutePath = await resolveInsideWorktree(root, requested, { forWrite: true });
  const handle = await openInsideWorktree(root, absolutePath, { purpose: 'write', createParents: true, requested });
  try {
    const info = await handle.stat();
    if (!info.isFile() || info.nlink > 1) {
      throw new ToolInputError('write_file', `"${requested}" is not a plain file with a single link; refusing to write it.`);
    }
    await handle.truncate(0);
    await handle.writeFile(content, 'utf8');
  } finally {
    await handle.close();
  }
  return absolutePath;
}
