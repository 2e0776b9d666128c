import { constants } from 'node:fs';
import { lstat, mkdir, open, readFile } from 'node:fs/promises';
import path from 'node:path';
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
  const info = await lstat(absolutePath).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (!info) return { absolutePath, relativePath, text: undefined, binary: false };
  if (info.isDirectory()) throw new ToolInputError(toolName, `"${requested}" is a directory, not a file.`);
  if (!info.isFile()) throw new ToolInputError(toolName, `"${requested}" is not a regular file.`);
  const bytes = await readFile(absolutePath);
  return { absolutePath, relativePath, text: decodeUtf8(bytes), binary: looksBinary(bytes) };
}

/**
 * Writes text to a path inside the worktree, creating missing parent directories. The path is
 * resolved again after the directories exist and the file is opened with O_NOFOLLOW, so a symlink
 * planted in between is not followed.
 */
export async function writeConfinedFile(root: string, requested: string, content: string): Promise<string> {
  const planned = await resolveInsideWorktree(root, requested, { forWrite: true });
  await mkdir(path.dirname(planned), { recursive: true });
  const absolutePath = await resolveInsideWorktree(root, requested, { forWrite: true });
  const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | (constants.O_NOFOLLOW ?? 0);
  const handle = await open(absolutePath, flags, 0o666);
  try {
    const info = await handle.stat();
    if (!info.isFile() || info.nlink > 1) {
      throw new ToolInputError('write_file', `"${requested}" is not a plain file with a single link; refusing to write it.`);
    }
    await handle.writeFile(content, 'utf8');
  } finally {
    await handle.close();
  }
  return absolutePath;
}
