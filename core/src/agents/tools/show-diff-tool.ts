import { z } from 'zod';
import { defineTool } from './define-tool.js';
import { truncateText } from './file-content.js';
import { ToolInputError } from './tool-errors.js';
import { worktreeDiff } from './worktree-diff.js';
import { realWorktreeRoot } from './worktree-paths.js';

const maxShownDiffCharacters = 100_000;

/** `show_diff`: everything changed in the worktree since HEAD, untracked files included. */
export const showDiffTool = defineTool({
  name: 'show_diff',
  description: 'Show the unified diff of every change in the worktree against HEAD, including new untracked files.',
  inputSchema: z.object({}),
  readOnly: true,
  async run(_input, context) {
    const root = await realWorktreeRoot(context.worktree);
    let result;
    try {
      result = await worktreeDiff(root);
    } catch (error) {
      const stderr = (error as { stderr?: string }).stderr ?? (error instanceof Error ? error.message : String(error));
      throw new ToolInputError('show_diff', `git diff failed: ${stderr.trim()}`, { cause: error });
    }
    if (result.diff === '') return { content: 'No changes against HEAD.', data: { diff: '', untrackedFiles: [] } };
    const shown = truncateText(result.diff, maxShownDiffCharacters);
    return { content: shown.text, data: { diff: result.diff, untrackedFiles: result.untrackedFiles, truncated: shown.truncated } };
  },
});
