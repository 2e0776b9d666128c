import { createTwoFilesPatch } from 'diff';

/**
 * A unified diff of one file's change, in git's `a/` `b/` style, made with jsdiff. A created file
 * diffs from `/dev/null`.
 */
export function unifiedFileDiff(relativePath: string, before: string | undefined, after: string): string {
  const oldName = before === undefined ? '/dev/null' : `a/${relativePath}`;
  return createTwoFilesPatch(oldName, `b/${relativePath}`, before ?? '', after, undefined, undefined, { context: 3 });
}
