/**
 * `@kanbots/core`: the actor-model agent runtime, as an embedder uses it. Values are grouped by
 * concept; every type of the package is exported as a type. Internals (stream mappers, line
 * splitters, snapshot restorers, migrations, host plumbing) are on `@kanbots/core/internals`; the
 * scripted model server and git fixtures on `@kanbots/core/testing`; the browser-safe protocol on
 * `@kanbots/core/protocol` and plain board data on `@kanbots/core/model`.
 */
export type * from './internals.js';

// -- the runtime --
export { createKanbots } from './kanbots.js';
export { resolveDataDir, resolveConfigDir } from './internals.js';

// -- errors --
export { KanbotsError, ValidationError, NotFoundError, ConflictError, ConfigurationError, DataDirLockedError, RunPreflightError, toErrorData } from './internals.js';

// -- board --
export { openBoardService, boardSchema, cardsInColumn, orderedColumns, applyBoardChange, applyBoardCommand } from './internals.js';

// -- runs and workflows (defining your own: `@kanbots/core/workflows`) --
export { describeCredential, readActivityLog, exportActivityLog, defineWorkflow, createWorkflowRegistry, builtInWorkflows, DuplicateWorkflowError, UnknownWorkflowError, WorkflowDefinitionError } from './internals.js';

// -- agents, personas, tools --
export { createAgentActor, builtInPersonas, loadPersonas, parsePersonaFile, developerTools, readOnlyTools, defaultToolPolicy } from './internals.js';

// -- providers --
export { createAnthropicModel, createOpenAIModel, createOpenAICompatibleModel, ProviderError, findModelPricing } from './internals.js';

// -- executors (agent CLIs) --
export { AgentCliError, createAcpExecutor, createClaudeCodeExecutor, createCodexExecutor, createExecutorLogic, createCliAgentActor, detectAgentClis } from './internals.js';

// -- git --
export { WorktreeManager, GitCommandError, MergeConflictError, readWorktreeSettings, worktreeSettingsSchema, SetupFailedError, WorktreeSettingsError } from './internals.js';
export type { WorktreeSettings, LoadedWorktreeSettings } from './internals.js';

// -- settings and secrets --
export {
  defaultSettings,
  openSettingsService,
  mergeSettingsPatch,
  resolveModelChoice,
  createModelForProvider,
  checkProvider,
  describeSecrets,
  openSecretStore,
  MemorySecretStore,
  isSecretName,
  secretNames,
  createRedactor,
} from './internals.js';

// -- store --
export { BOARD_FILE_NAME, LOCK_FILE_NAME, SETTINGS_FILE_NAME } from './internals.js';

// -- protocol (the host side; the browser-safe schemas are on `@kanbots/core/protocol`) --
export { PROTOCOL_VERSION, ProtocolHub, implementCommand, protocolCommands, protocolTopics, createBoardCommandHandlers, publishBoardChanges, parseServerMessage, eventsOf } from './internals.js';

// -- ports --
export { systemClock, ManualClock, nanoIdGenerator, SequentialIdGenerator } from './internals.js';
