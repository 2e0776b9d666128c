import { parseArgs } from 'node:util';
import { workflowIdSchema, type WorkflowName } from '@kanbots/core/workflows';

/**
 * The `kanbots` command line, parsed with `node:util` parseArgs. Anything it does not know — a
 * command, a flag, a flag on the wrong command, a bad value — is a `UsageError` (exit code 2).
 */

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export type CliCommand =
  | { kind: 'help' }
  | { kind: 'version' }
  /** `repo`: cards created without a repository work on it; `repoIfAny`: only when it is inside a git repository (bare `kanbots`). */
  /** `workflowModules`: modules exporting workflow definitions (`--workflows`), registered after the built-ins. */
  | { kind: 'serve'; port: number | undefined; open: boolean; dataDir: string | undefined; repo: string | undefined; repoIfAny: boolean; workflowModules: string[] }
  | { kind: 'board'; json: boolean; dataDir: string | undefined }
  | { kind: 'demo'; port: number | undefined; open: boolean }
  | { kind: 'token'; rotate: boolean; dataDir: string | undefined }
  /** `out`: the file to write (default: stdout). */
  | { kind: 'export'; out: string | undefined; dataDir: string | undefined }
  | { kind: 'import'; file: string; replace: boolean; dataDir: string | undefined }
  | RunCommand;

/** `kanbots run "<task>"`: one card, one workflow run, headless (shell/src/host/run-cli.ts). */
export interface RunCommand {
  kind: 'run';
  task: string;
  repo: string;
  workflow: WorkflowName;
  developer: string | undefined;
  reviewer: string | undefined;
  maxRounds: number | undefined;
  json: boolean;
  merge: boolean;
  /** --pr: open a pull request when the workflow is approved. */
  pullRequest: boolean;
  allowCommands: boolean;
  dataDir: string | undefined;
  /** Modules exporting workflow definitions (`--workflows`); `workflow` may name one of theirs. */
  workflowModules: string[];
}

/** The built-in workflows `kanbots run` plays (one branch, one gate); a workflow of a --workflows module may be named too. */
export const RUN_WORKFLOWS: readonly WorkflowName[] = ['dev-review', 'solo'];
/** Built-ins whose gate picks among several branches or steps: the board, not the terminal, is for them. */
const BOARD_ONLY_WORKFLOWS: readonly WorkflowName[] = ['best-of-n', 'pipeline'];

export const USAGE = `Kanbots: a local-first Kanban board where cards are handed to AI coding agents.

Usage:
  kanbots serve [--port N] [--open] [--repo DIR] [--workflows MODULE]… [--data-dir DIR]
      Run Kanbots for a browser tab on 127.0.0.1 and print its address (with the data directory's token).
      --port N       TCP port (default 7317, or a free one when that is taken; 0 = any free port)
      --open         also open the address in the default browser
      --repo DIR     make DIR's git repository a project (once); new cards belong to it
      --workflows MODULE
                     register the workflows MODULE exports (docs/workflows.md); the run form offers them
  kanbots demo [--port N] [--open]
      Kanbots on a sample repository whose agents follow a SCRIPTED model (no AI, no API key):
      watch a whole dev ⇄ review run, approve a command, review the diff and merge.
  kanbots board [--json] [--data-dir DIR]
      Print the board's columns and cards (read-only; works while Kanbots runs).
      --json         print the board as JSON
  kanbots token [--rotate] [--data-dir DIR]
      Print the token browser tabs use (kept in the data directory, so tabs survive restarts).
      --rotate       replace it: tabs opened with the old one must be opened again
  kanbots run "<task>" [--repo DIR] [--workflow dev-review|solo|ID] [--workflows MODULE]… [--developer MODEL]
              [--reviewer MODEL] [--max-rounds N] [--merge | --pr] [--allow-commands] [--json] [--data-dir DIR]
      Headless: create a card for the task, run the workflow in its own worktree, print a line per
      step (JSON lines with --json) and stop at the gate. MODEL is provider:model (anthropic:…,
      openai:…, compatible:…), a bare model name, or an agent CLI (claude-code[:model], codex[:model]).
      --repo DIR         the git repository to work on (default: the current directory)
      --workflow ID      a workflow of a --workflows module (its id) instead of dev-review or solo
      --merge            merge the branch when the reviewer approves
      --pr               when the reviewer approves, push the branch (your own git credentials) and
                         open its pull request on GitHub (docs/pull-requests.md); prints its address
      --allow-commands   let agents run shell commands without asking (otherwise such requests are
                         refused, since nobody is there to approve them)
      Exit codes: 0 approved (merged with --merge), 3 stopped without approval (e.g. changes
      still requested at the round limit), 4 cancelled (Ctrl-C), 5 merge conflict, 6 the pull
      request could not be opened (--pr; the branch is kept), 1 failed, 2 bad usage.
  kanbots export [--out FILE] [--data-dir DIR]
      Write everything — the board, settings (keys are never in them), every run with its agents'
      conversations, tool journals and activity — as JSON lines (docs/export-format.md) to FILE or
      stdout. Works while Kanbots runs.
  kanbots import FILE [--replace] [--data-dir DIR]
      Read an export into the data directory (Kanbots must not be running on it). A directory that
      already holds data is refused unless --replace (the old data is kept beside it).
  kanbots --help | --version

  --data-dir DIR   the data directory (default: KANBOTS_HOME, else the platform's data directory)
`;

const commandOptions: Record<string, readonly string[]> = {
  serve: ['port', 'open', 'repo', 'workflows', 'data-dir'],
  open: ['port', 'data-dir'],
  board: ['json', 'data-dir'],
  demo: ['port', 'open'],
  token: ['rotate', 'data-dir'],
  export: ['out', 'data-dir'],
  import: ['replace', 'data-dir'],
  run: ['repo', 'workflow', 'workflows', 'developer', 'reviewer', 'max-rounds', 'json', 'merge', 'pr', 'allow-commands', 'data-dir'],
};

export function parseCliArguments(argv: readonly string[]): CliCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
        port: { type: 'string', short: 'p' },
        open: { type: 'boolean' },
        'data-dir': { type: 'string' },
        json: { type: 'boolean' },
        rotate: { type: 'boolean' },
        repo: { type: 'string' },
        workflow: { type: 'string' },
        workflows: { type: 'string', multiple: true },
        developer: { type: 'string' },
        reviewer: { type: 'string' },
        'max-rounds': { type: 'string' },
        merge: { type: 'boolean' },
        pr: { type: 'boolean' },
        'allow-commands': { type: 'boolean' },
        out: { type: 'string', short: 'o' },
        replace: { type: 'boolean' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };
  // Bare `kanbots` (what `npx kanbots` runs) opens the board on the repository it is started in.
  const [command = 'open', ...extra] = positionals;
  if (command === 'help') return { kind: 'help' };
  const allowed = commandOptions[command];
  if (allowed === undefined) throw new UsageError(`Unknown command "${command}"`);
  for (const name of Object.keys(values)) {
    if (!allowed.includes(name)) throw new UsageError(`The option --${name} does not apply to "kanbots ${command}"`);
  }
  const dataDir = values['data-dir'];
  if (dataDir !== undefined && dataDir.trim() === '') throw new UsageError('--data-dir needs a directory');
  if (command === 'run') return parseRun(extra, values, dataDir);
  if (command === 'import') {
    const [file, ...more] = extra;
    if (file === undefined || file.trim() === '') throw new UsageError('Missing file: kanbots import <export file>');
    if (more.length > 0) throw new UsageError(`Unexpected argument "${more[0]}"`);
    return { kind: 'import', file, replace: values.replace === true, dataDir };
  }
  if (extra.length > 0) throw new UsageError(`Unexpected argument "${extra[0]}"`);
  if (command === 'board') return { kind: 'board', json: values.json === true, dataDir };
  if (command === 'token') return { kind: 'token', rotate: values.rotate === true, dataDir };
  if (command === 'export') {
    const out = values.out;
    if (out !== undefined && out.trim() === '') throw new UsageError('--out needs a file');
    return { kind: 'export', out, dataDir };
  }
  if (command === 'demo') return { kind: 'demo', port: parsePort(values.port), open: values.open === true };
  if (command === 'open') return { kind: 'serve', port: parsePort(values.port), open: true, dataDir, repo: '.', repoIfAny: true, workflowModules: [] };
  const repo = values.repo;
  if (repo !== undefined && repo.trim() === '') throw new UsageError('--repo needs a directory');
  return { kind: 'serve', port: parsePort(values.port), open: values.open === true, dataDir, repo, repoIfAny: false, workflowModules: workflowModulesOf(values.workflows) };
}

function parseRun(positionals: readonly string[], values: Record<string, string | boolean | string[] | undefined>, dataDir: string | undefined): RunCommand {
  const [task, ...extra] = positionals;
  if (task === undefined || task.trim() === '') throw new UsageError('Missing task: kanbots run "<what the agents should do>"');
  if (extra.length > 0) throw new UsageError(`Unexpected argument "${extra[0]}" (quote the task: kanbots run "<task>")`);
  const text = (name: string): string | undefined => {
    const value = values[name];
    if (typeof value !== 'string') return undefined;
    if (value.trim() === '') throw new UsageError(`--${name} needs a value`);
    return value.trim();
  };
  const workflow = (text('workflow') ?? 'dev-review') as WorkflowName;
  const workflowModules = workflowModulesOf(values['workflows']);
  // Without modules only the built-ins the terminal plays; with them, any id (run-cli checks it is registered).
  const playable = workflowModules.length === 0 ? RUN_WORKFLOWS.includes(workflow) : workflowIdSchema.safeParse(workflow).success && !BOARD_ONLY_WORKFLOWS.includes(workflow);
  if (!playable) throw new UsageError(`--workflow must be one of ${RUN_WORKFLOWS.join(', ')}${workflowModules.length === 0 ? '' : ' or a workflow of the --workflows modules'}, got "${workflow}"`);
  const reviewer = text('reviewer');
  if (reviewer !== undefined && workflow === 'solo') throw new UsageError('--reviewer does not apply to the solo workflow (it has no reviewer)');
  if (values.merge === true && values.pr === true) throw new UsageError('--merge and --pr are two ways out of the gate: choose one');
  const rounds = text('max-rounds');
  if (rounds !== undefined && (!/^\d{1,2}$/.test(rounds) || Number(rounds) < 1 || Number(rounds) > 20)) throw new UsageError(`--max-rounds must be a number from 1 to 20, got "${rounds}"`);
  return {
    kind: 'run',
    task: task.trim(),
    repo: text('repo') ?? '.',
    workflow,
    developer: text('developer'),
    reviewer,
    maxRounds: rounds === undefined ? undefined : Number(rounds),
    json: values.json === true,
    merge: values.merge === true,
    pullRequest: values.pr === true,
    allowCommands: values['allow-commands'] === true,
    dataDir,
    workflowModules,
  };
}

function parsePort(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65_535) throw new UsageError(`--port must be a number from 0 to 65535, got "${value}"`);
  return Number(value);
}

function workflowModulesOf(value: string | boolean | string[] | undefined): string[] {
  const modules = Array.isArray(value) ? value : [];
  for (const module of modules) if (module.trim() === '') throw new UsageError('--workflows needs a module file');
  return modules.map((module) => module.trim());
}
