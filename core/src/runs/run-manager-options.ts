import type { WorktreePool } from '../worktree-setup/worktree-pool.js';
import type { InspectionEvent } from 'xstate';
import type { RunStream } from './run-stream.js';
import type { AgentBudgets } from '../agents/agent-budgets.js';
import type { BoardService } from '../board/board-service.js';
import type { WorktreeManager } from '../git/worktree-manager.js';
import type { PullRequests } from '../github/pull-requests.js';
import type { Redactor } from '../log/redact.js';
import type { Persona } from '../personas/persona.js';
import type { Clock } from '../ports/clock.js';
import type { IdGenerator } from '../ports/ids.js';
import type { ModelPort, ModelPricing } from '../providers/model-port.js';
import type { ColumnNames } from './card-columns.js';
import type { CliExecutorsOptions } from './cli-executors.js';
import type { RunScheduler } from './run-scheduler.js';
import type { RunStepStore } from './run-step-store.js';
import type { RunStore } from '../store/kanbots-store.js';
import type { WorkflowRegistry } from '../workflows/workflow-registry.js';

export interface ResolvedModel {
  model: ModelPort;
  /** Provider name for the scheduler and the views (`anthropic`, `openai`, `compatible`, …). */
  provider: string;
  modelName: string;
  pricing?: ModelPricing;
}

export interface RunManagerOptions {
  dataDir: string;
  /** Where every run is kept (the data directory's store). */
  store: RunStore;
  board: BoardService;
  worktrees: WorktreeManager;
  /** The warm pool: runs take their worktree from it when the project has one (worktree-pool.ts). */
  pool?: WorktreePool;
  /** `provider:model`, a bare model name, or undefined (the default) → a model port. */
  resolveModel(choice: string | undefined): ResolvedModel;
  personas?: readonly Persona[];
  scheduler?: RunScheduler;
  clock?: Clock;
  ids?: IdGenerator;
  redactor?: Redactor;
  columns?: ColumnNames;
  /** What happens to runs that come back interrupted (default `manual`: they wait for RESUME). */
  resumeInterrupted?: 'manual' | 'automatic';
  /** Default budgets of every agent. */
  budgets?: AgentBudgets;
  /** Named points in the run's life (kill-point tests hook here): a subscriber of the runs' stream. */
  checkpoint?: (point: string) => void;
  /**
   * The runs' one stream, when the caller puts more on it (`createKanbots` gives its worktree
   * manager's named points to it as `git.checkpoint`); default: a stream of the manager's own.
   */
  stream?: RunStream;
  /** XState inspection of each run's actor system, from its root (e.g. `@statelyai/inspect`). */
  inspect?: (event: InspectionEvent) => void;
  /**
   * Whether the repository's hooks run on the merge the user asks for at the gate (the
   * `git.runUserHooksOnMerge` setting, read at each merge). Every other git call Kanbots makes
   * runs no hook. Default: off.
   */
  runUserHooksOnMerge?: () => boolean;
  /** Where the runs' step boundaries are committed (default: the JSON files under `<dataDir>/runs/`). */
  runStore?: RunStepStore;
  /** The agent CLIs behind the model choices `claude-code[:model]` / `codex[:model]` (defaults: found on PATH). */
  executors?: CliExecutorsOptions;
  /** The workflows runs can use (default: the built-ins). */
  workflows?: WorkflowRegistry;
  /** Pushing branches and GitHub pull requests ("Open pull request" at the gate); absent: the gate offers merge and discard only. */
  pullRequests?: PullRequests;
  /** How often an open pull request is read again (default 30 s; GitHub answers unchanged ones for free). */
  pullRequestInterval?: number;
}
