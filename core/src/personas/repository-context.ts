import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Files whose content is given to agents as context about the repository, in this order. */
export const repositoryContextFiles = ['AGENTS.md', 'CLAUDE.md'] as const;

const maxContextChars = 20_000;

/**
 * Reads the repository's context files (AGENTS.md, CLAUDE.md) from a worktree and returns them as
 * one block for the system prompt, or '' when there are none. Large files are cut with a note.
 */
export async function loadRepositoryContext(worktree: string): Promise<string> {
  const sections: string[] = [];
  for (const name of repositoryContextFiles) {
    let text: string;
    try {
      text = await readFile(join(worktree, name), 'utf8');
    } catch {
      continue;
    }
    const trimmed = text.trim();
    if (!trimmed) continue;
    const body = trimmed.length > maxContextChars ? `${trimmed.slice(0, maxContextChars)}\n[… ${name} cut at ${maxContextChars} characters]` : trimmed;
    sections.push(`<repository-context file="${name}">\n${body}\n</repository-context>`);
  }
  return sections.join('\n\n');
}
