import type { FileHandle } from 'node:fs/promises';
import { stat } from 'node:fs/promises';
import { minimatch } from 'minimatch';
import { openDirectoryInsideWorktree, openInsideWorktree } from './confined-open.js';
import { z } from 'zod';
import { defineTool } from './define-tool.js';
import { clipLine, decodeUtf8, looksBinary } from './file-content.js';
import { walkTree } from './tree-walk.js';
import { realWorktreeRoot, resolveInsideWorktree, toWorktreeRelative } from './worktree-paths.js';

const defaultMaxResults = 100;
const limitMaxResults = 1000;
const maxSearchedFileBytes = 2 * 1024 * 1024;
const maxShownLineLength = 300;

export const searchFilesInput = z.object({
  pattern: z.string().min(1).describe('A JavaScript regular expression, or plain text when literal is true (an invalid regex is searched as text).'),
  literal: z.boolean().optional().describe('Search for the pattern as plain text.'),
  ignoreCase: z.boolean().optional().describe('Match case-insensitively.'),
  path: z.string().optional().describe('File or directory to search, relative to the worktree root; defaults to the root.'),
  glob: z.string().optional().describe('Only files whose worktree-relative path matches this glob, e.g. "**/*.ts" or "*.md" (a glob without "/" matches file names).'),
  maxResults: z.number().int().min(1).max(limitMaxResults).optional().describe(`Cap on matching lines (default ${defaultMaxResults}).`),
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function buildMatcher(pattern: string, literal: boolean, ignoreCase: boolean): { expression: RegExp; note?: string } {
  const flags = ignoreCase ? 'i' : '';
  if (literal) return { expression: new RegExp(escapeRegExp(pattern), flags) };
  try {
    return { expression: new RegExp(pattern, flags) };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { expression: new RegExp(escapeRegExp(pattern), flags), note: `(not a valid regular expression — ${reason} — so searched as plain text)` };
  }
}

/**
 * `search_files`: a pure Node search over the worktree's text files. Skips `.git`, `node_modules`,
 * symlinks, binary files, hard-linked files and files over 2 MiB.
 */
export const searchFilesTool = defineTool({
  name: 'search_files',
  description:
    'Search the text files of the worktree for a regular expression (or plain text) and return "path:line: text" for each matching line. Skips .git, node_modules, binary and very large files.',
  inputSchema: searchFilesInput,
  readOnly: true,
  async run(input, context) {
    const root = await realWorktreeRoot(context.worktree);
    const start = await resolveInsideWorktree(root, input.path ?? '.');
    const { expression, note } = buildMatcher(input.pattern, input.literal ?? false, input.ignoreCase ?? false);
    const maxResults = input.maxResults ?? defaultMaxResults;
    const glob = input.glob;
    const matchesGlob = (relative: string): boolean =>
      glob === undefined || minimatch(relative, glob, { dot: true, matchBase: !glob.includes('/') });

    const results: string[] = [];
    let filesSearched = 0;
    let truncated = false;

    /** Reads a file through an open handle (never through a link); undefined when it is to be skipped. */
    const readSearchable = async (openFile: () => Promise<FileHandle>): Promise<Uint8Array | undefined> => {
      const handle = await openFile().catch(() => undefined);
      if (!handle) return undefined;
      try {
        const info = await handle.stat();
        if (!info.isFile() || info.nlink > 1 || info.size > maxSearchedFileBytes) return undefined;
        return await handle.readFile();
      } catch {
        return undefined;
      } finally {
        await handle.close();
      }
    };

    const searchFile = async (filePath: string, openFile: () => Promise<FileHandle>): Promise<void> => {
      const relative = toWorktreeRelative(root, filePath);
      if (!matchesGlob(relative)) return;
      const bytes = await readSearchable(openFile);
      if (!bytes || looksBinary(bytes)) return;
      filesSearched += 1;
      const lines = decodeUtf8(bytes).split(/\r?\n/);
      for (let index = 0; index < lines.length; index += 1) {
        const line = lines[index] ?? '';
        if (!expression.test(line)) continue;
        if (results.length >= maxResults) {
          truncated = true;
          return;
        }
        results.push(`${relative}:${index + 1}: ${clipLine(line, maxShownLineLength)}`);
      }
    };

    const startInfo = await stat(start);
    if (startInfo.isDirectory()) {
      const directory = await openDirectoryInsideWorktree(root, start, input.path ?? '.');
      try {
        for await (const entry of walkTree(directory, { recursive: true, skip: new Set(['.git', 'node_modules']), signal: context.signal })) {
          if (entry.kind !== 'file') continue;
          await searchFile(entry.absolutePath, () => entry.parent.openFile(entry.name));
          if (truncated) break;
        }
      } finally {
        await directory.close();
      }
    } else {
      await searchFile(start, () => openInsideWorktree(root, start, { purpose: 'read' }));
    }

    const header = note ? `${note}\n` : '';
    let content = results.length === 0 ? `${header}No matches in ${filesSearched} file(s).` : `${header}${results.join('\n')}`;
    if (truncated) content += `\n… [stopped at ${maxResults} matches; narrow the search with path or glob, or raise maxResults]`;
    return { content, data: { matches: results.length, filesSearched, truncated } };
  },
});
