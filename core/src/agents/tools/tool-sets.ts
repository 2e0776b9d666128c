import { ConflictError, NotFoundError } from '../../errors.js';
import { editFileTool } from './edit-file-tool.js';
import { finishTool } from './finish-tool.js';
import { listFilesTool } from './list-files-tool.js';
import { readFileTool } from './read-file-tool.js';
import { runCommandTool } from './run-command-tool.js';
import { searchFilesTool } from './search-files-tool.js';
import { showDiffTool } from './show-diff-tool.js';
import type { AgentTool, ToolPolicy } from './tool.js';
import { writeFileTool } from './write-file-tool.js';

/** Every tool of the built-in agent (developer personas). */
export function developerTools(): AgentTool[] {
  return [listFilesTool, readFileTool, searchFilesTool, writeFileTool, editFileTool, runCommandTool, showDiffTool, finishTool];
}

/** Tools that never change the worktree (reviewers, judges): no write, edit or run_command. */
export function readOnlyTools(): AgentTool[] {
  return developerTools().filter((tool) => tool.readOnly);
}

/** Allow everything except running commands, which asks the person at the board. */
export const defaultToolPolicy: ToolPolicy = { default: 'allow', rules: { run_command: 'ask' } };

export interface ToolRegistry {
  readonly tools: readonly AgentTool[];
  has(name: string): boolean;
  /** Undefined for an unknown name. */
  find(name: string): AgentTool | undefined;
  /** Throws NotFoundError for an unknown name. */
  get(name: string): AgentTool;
  names(): string[];
}

/** A lookup of tools by name; duplicate names are a programming error. */
export function createToolRegistry(tools: readonly AgentTool[]): ToolRegistry {
  const byName = new Map<string, AgentTool>();
  for (const tool of tools) {
    if (byName.has(tool.name)) throw new ConflictError(`Two tools are named "${tool.name}"`);
    byName.set(tool.name, tool);
  }
  const list = [...byName.values()];
  return {
    tools: list,
    has: (name) => byName.has(name),
    find: (name) => byName.get(name),
    get(name) {
      const tool = byName.get(name);
      if (!tool) throw new NotFoundError('tool', name);
      return tool;
    },
    names: () => [...byName.keys()],
  };
}
