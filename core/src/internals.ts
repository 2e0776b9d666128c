/**
 * `@kanbots/core/internals`: everything the package has, for the Kanbots host and tests — stream
 * mappers, line splitters, snapshot restorers, migrations, adapters. Embedders use the curated
 * root entry (`@kanbots/core`); what is only here may change without notice.
 */
/**
 * @kanbots/core — the public surface. Internals stay out; test doubles live on
 * `@kanbots/core/testing`.
 */

// errors and ports
export { KanbotsError, ValidationError, NotFoundError, ConflictError, ConfigurationError, toErrorData, validationErrorFrom } from './errors.js';
export type { ErrorData, KanbotsErrorOptions } from './errors.js';
export { systemClock, ManualClock } from './ports/clock.js';
export type { Clock } from './ports/clock.js';
export { nanoIdGenerator, SequentialIdGenerator } from './ports/ids.js';
export type { IdGenerator } from './ports/ids.js';

// board model
export * from './model/board.js';
export * from './model/board-commands.js';
export * from './model/project.js';

// model port
export { estimateCostUsd } from './providers/model-port.js';
export type * from './providers/model-port.js';
export { ProviderError } from './providers/provider-errors.js';
export type { ProviderErrorKind, ProviderErrorOptions } from './providers/provider-errors.js';

// tools
export { decideTool } from './agents/tools/tool.js';
export type * from './agents/tools/tool.js';

// -- store --
export { resolveDataDir, resolveConfigDir } from './store/data-dir.js';
export { writeFileAtomic, removeStaleTempFiles } from './store/atomic-write.js';
export type { WriteFileAtomicOptions } from './store/atomic-write.js';
export { JsonDocument } from './store/json-document.js';
export type { JsonDocumentOptions } from './store/json-document.js';
export { acquireDataDirLock, readDataDirLockOwner, LOCK_FILE_NAME } from './store/data-dir-lock.js';
export type { DataDirLock, AcquireDataDirLockOptions } from './store/data-dir-lock.js';
export { openKanbotsDataDir } from './store/open-kanbots-data-dir.js';
export type { KanbotsDataDir } from './store/open-kanbots-data-dir.js';
export { StoreError, StoreCorruptError, DataDirLockedError } from './store/store-errors.js';
export { openKanbotsStore } from './store/open-kanbots-store.js';
export type { OpenKanbotsStoreOptions } from './store/open-kanbots-store.js';
export { openJsonStore } from './store/json-store.js';
export { openSqliteStore, DATABASE_FILE_NAME, DATABASE_SCHEMA_VERSION } from './store/sqlite-store.js';
export type { SqliteStoreOptions } from './store/sqlite-store.js';
export type { OpenedStore } from './store/open-kanbots-store.js';
export { hasJsonData, importJsonDataDir } from './store/import-json-data-dir.js';
export type { JsonImportReport } from './store/import-json-data-dir.js';
export { exportStore, parseExport, importIntoStore } from './store/export-import.js';
export type { ExportOptions, ExportCounts, ImportResult } from './store/export-import.js';
export { ExportFormatError, ImportTargetNotEmptyError, EXPORT_FORMAT_VERSION } from './store/export-format.js';
export type { ExportLine } from './store/export-format.js';
export type { JsonStoreOptions } from './store/json-store.js';
export { runDocumentNames, runStreamNames } from './store/kanbots-store.js';
export type { KanbotsStore, RunStore, RunStep, StoreContents, StoredDocumentSpec, StoredEnvelope, StoredLines } from './store/kanbots-store.js';
export type { StoreOperation, DataDirLockOwner } from './store/store-errors.js';
// -- board actor --
export { applyBoardCommand } from './board/apply-board-command.js';
export type { BoardCommandContext, BoardCommandResult } from './board/apply-board-command.js';
export { createBoard } from './board/create-board.js';
export type { CreateBoardOptions } from './board/create-board.js';
export { findBoardInconsistencies, normaliseBoardOrder } from './board/board-invariants.js';
export { boardMachine } from './board/board-machine.js';
export type { BoardMachine, BoardActorInput, BoardActorEvent, BoardActorEmitted, BoardActorContext, PersistBoardInput } from './board/board-machine.js';
export { BOARD_FILE_NAME, boardDocument, boardMigrations } from './board/board-document.js';
export { openBoardService, BoardServiceClosedError } from './board/board-service.js';
export type { BoardService, OpenBoardServiceOptions } from './board/board-service.js';
// -- projects --
export { checkRepositoryFolder, expandHome } from './projects/repository-check.js';
export { repositoryCheckSchema, repositoryProblemSchema } from './projects/repository-check-schema.js';
export type { RepositoryCheck, RepositoryProblem } from './projects/repository-check-schema.js';
export { withProjectChecks, checkProjectCommand } from './projects/project-checks.js';
export type { CheckedBoard } from './projects/project-checks.js';
export { cardRepository, runTarget } from './projects/card-repository.js';
export type { GitRunner } from './git/git-runner.js';
// -- git worktrees --
export { WorktreeManager, snapshotMessage } from './git/worktree-manager.js';
export type { WorktreeManagerOptions, AddPoolWorktreeOptions, CreateWorktreeOptions, RemoveWorktreeOptions, RemoveWorktreeResult, DeleteBranchResult } from './git/worktree-manager.js';
export { worktreeInfoSchema, worktreeStateSchema, repositoryInfoSchema, poolWorktreeSchema } from './git/worktree-info.js';
export type { WorktreeInfo, WorktreeState, RepositoryInfo, PoolWorktree } from './git/worktree-info.js';
export type { WorktreeStatus, WorktreeDiff, DiffOptions, CommitResult } from './git/worktree-changes.js';
export type { DiffFileStat } from './git/parse-diff-stats.js';
export type { MergeOptions, MergeResult } from './git/worktree-merge.js';
export type { ReconcileReport, OrphanedWorktree, OrphanedBranch, PrunedWorktree } from './git/worktree-reconcile.js';
export * from './worktree-setup/index.js';
export {
  GitCommandError,
  NotAGitRepositoryError,
  EmptyRepositoryError,
  BaseBranchNotFoundError,
  BranchCheckedOutElsewhereError,
  BranchNotFoundError,
  WorktreeNotFoundError,
  WorktreeStateError,
  UnsavedWorkError,
  MergeConflictError,
  MergeBlockedError,
} from './git/git-errors.js';
export type { UnmergedCommit } from './git/git-errors.js';
// -- providers --
export { AnthropicModel, createAnthropicModel } from './providers/anthropic/anthropic-model.js';
export type { AnthropicModelOptions } from './providers/anthropic/anthropic-model.js';
export { OpenAIChatModel } from './providers/openai/openai-chat-model.js';
export type { OpenAIChatModelOptions } from './providers/openai/openai-chat-model.js';
export { OpenAIResponsesModel } from './providers/openai/openai-responses-model.js';
export type { OpenAIClientOptions } from './providers/openai/openai-client.js';
export { createOpenAIModel, createOpenAICompatibleModel } from './providers/openai/openai-model.js';
export type { OpenAIModelOptions, OpenAICompatibleModelOptions } from './providers/openai/openai-model.js';
export { knownModelPricing, findModelPricing, resolveModelPricing } from './providers/pricing.js';
export type { PricingOption } from './providers/pricing.js';
export { toProviderError } from './providers/map-provider-error.js';
export { parseRetryAfterMs } from './providers/retry-after.js';
// -- tools --
export { resolveInsideWorktree, realWorktreeRoot, isPathInside } from './agents/tools/worktree-paths.js';
export type { ResolveInsideWorktreeOptions } from './agents/tools/worktree-paths.js';
export { PathOutsideWorktreeError, ToolInputError } from './agents/tools/tool-errors.js';
export type { PathRefusalReason } from './agents/tools/tool-errors.js';
export { defineTool, executeTool, toolErrorOutcome } from './agents/tools/define-tool.js';
export type { ToolDefinition } from './agents/tools/define-tool.js';
export { toModelToolSpec } from './agents/tools/tool-spec.js';
export { listFilesTool } from './agents/tools/list-files-tool.js';
export { readFileTool } from './agents/tools/read-file-tool.js';
export { searchFilesTool } from './agents/tools/search-files-tool.js';
export { writeFileTool } from './agents/tools/write-file-tool.js';
export { editFileTool } from './agents/tools/edit-file-tool.js';
export { runCommandTool, createRunCommandTool } from './agents/tools/run-command-tool.js';
export type { RunCommandToolOptions } from './agents/tools/run-command-tool.js';
export { showDiffTool } from './agents/tools/show-diff-tool.js';
export { finishTool } from './agents/tools/finish-tool.js';
export { runCommand, defaultCommandTimeoutMs, defaultMaxCommandTimeoutMs, defaultOutputLimitBytes } from './agents/tools/command-runner.js';
export type { CommandResult, RunCommandOptions } from './agents/tools/command-runner.js';
export { buildCommandEnvironment, isSecretVariableName } from './agents/tools/command-environment.js';
export { detectCommandSandbox } from './agents/tools/sandbox/detect-sandbox.js';
export type { SandboxAvailability } from './agents/tools/sandbox/detect-sandbox.js';
export { CommandSandboxUnavailableError } from './agents/tools/sandbox/sandbox-errors.js';
export type { CommandNetworkAccess, CommandSandboxMode, CommandSandboxOptions, CommandSandboxReport, SandboxKind } from './agents/tools/sandbox/command-sandbox.js';
export type { CommandEnvironmentOptions } from './agents/tools/command-environment.js';
export { developerTools, readOnlyTools, createToolRegistry, defaultToolPolicy } from './agents/tools/tool-sets.js';
export type { ToolRegistry } from './agents/tools/tool-sets.js';
// -- agent actor --
export { agentMachine } from './agents/agent-machine.js';
export type { AgentMachine } from './agents/agent-machine.js';
export { createAgentActor, provideAgentMachine, agentInputOf } from './agents/create-agent-actor.js';
export type { AgentActor, AgentActorOptions, AgentActorRuntimeOptions } from './agents/create-agent-actor.js';
export { agentEventTypes, capToolContent, isAgentEvent, toolContentCap } from './agents/agent-events.js';
export type { AgentEvent, AgentEventBody, AgentEventStamp, AgentEventType, AgentPhase, AgentBudgetName, AgentFinishStatus, AgentFailureReason, ApprovalOption } from './agents/agent-events.js';
export type { AgentCommand, AgentCommandType } from './agents/agent-commands.js';
export type { AgentContext, AgentInput, PendingToolCall, SettledToolCall, ResumeTarget, AgentFailure } from './agents/agent-context.js';
export { findExceededBudget } from './agents/agent-budgets.js';
export type { AgentBudgets, ExceededBudget } from './agents/agent-budgets.js';
export { backoffDelayMs, defaultRetrySettings } from './agents/retry-settings.js';
export type { RetrySettings } from './agents/retry-settings.js';
export { BudgetExceededError, ModelMisbehavingError } from './agents/agent-errors.js';
// -- protocol --
export {
  PROTOCOL_VERSION,
  DEFAULT_MAX_MESSAGE_LENGTH,
  clientMessageSchema,
  commandMessageSchema,
  serverMessageSchema,
  parseServerMessage,
  CommandRegistry,
  implementCommand,
  protocolCommands,
  protocolTopics,
  ProtocolError,
  ProtocolHub,
  ProtocolSession,
  timerScheduler,
  ManualScheduler,
  createBoardCommandHandlers,
  publishBoardChanges,
  createSeqTracker,
  eventsOf,
  toRunView,
  emptyAgentLiveState,
  foldAgentEvent,
  agentEventOfActivity,
  liveStatesOfActivity,
} from './protocol/index.js';
export { RunViewTracker } from './protocol/run-view-tracker.js';
export type {
  ClientMessage,
  CommandMessage,
  HelloMessage,
  ReplyMessage,
  EventMessage,
  EventBatchMessage,
  ServerMessage,
  ProtocolSnapshot,
  CommandContext,
  CommandHandler,
  AnyCommandHandler,
  CommandName,
  CommandArgsOf,
  CommandResultOf,
  TopicName,
  TopicData,
  ProtocolErrorCode,
  ProtocolHubOptions,
  ProtocolSessionOptions,
  SessionTransport,
  ProtocolScheduler,
  BoardCommandTarget,
  SeqTracker,
  SeqVerdict,
  AgentLiveState,
} from './protocol/index.js';
// -- executors --
export { emptyUsage, addUsage } from './executors/executor.js';
export type { AgentExecutor, AgentEventDraft, ExecutorRunInput, ExecutorResult, ExecutorStatus, ExecutorApprovals, ExecutorApprovalDecision } from './executors/executor.js';
export { ApprovalInbox } from './executors/approval-inbox.js';
export { AgentCliError, providerKindForStatus } from './executors/executor-errors.js';
export type { AgentCliErrorKind } from './executors/executor-errors.js';
export { createExecutorLogic } from './executors/executor-actor-logic.js';
export type { ExecutorControlEvent, ExecutorParentEvent, ExecutorLogicInput } from './executors/executor-actor-logic.js';
export { startProcess, groupAlive } from './executors/process-runner.js';
export type { ProcessRunOptions, ProcessRunResult, RunningProcess, ProcessStopReason } from './executors/process-runner.js';
export { LineSplitter, parseJsonLine } from './executors/line-splitter.js';
export type { ParsedJsonLine } from './executors/line-splitter.js';
export { ClaudeCodeExecutor, createClaudeCodeExecutor } from './executors/claude-code/claude-code-executor.js';
export type { ClaudeCodeExecutorOptions } from './executors/claude-code/claude-code-executor.js';
export { ClaudeStreamMapper } from './executors/claude-code/map-claude-stream-json.js';
export { mapPolicyToClaudePermissions } from './executors/claude-code/claude-permissions.js';
export type { ClaudePermissions, ClaudePermissionMode } from './executors/claude-code/claude-permissions.js';
export { CodexExecutor, createCodexExecutor } from './executors/codex/codex-executor.js';
export type { CodexExecutorOptions } from './executors/codex/codex-executor.js';
export { AcpExecutor, createAcpExecutor } from './executors/acp/acp-executor.js';
export type { AcpExecutorOptions } from './executors/acp/acp-executor.js';
export type { AcpAgentCommand } from './executors/acp/acp-agent-command.js';
export { AcpAgentRegistry, builtInAcpAgents, userAcpAgentSchema } from './executors/acp/acp-agent-registry.js';
export type { AcpAgentDefinition, UserAcpAgent } from './executors/acp/acp-agent-registry.js';
export { detectAcpAgent, detectAcpAgents } from './executors/acp/detect-acp-agents.js';
export type { AcpAgentDetection, DetectAcpAgentOptions } from './executors/acp/detect-acp-agents.js';
export { chooseOption, decidePermission, kanbotsToolOfKind } from './executors/acp/acp-permissions.js';
export { AcpUpdateMapper } from './executors/acp/map-acp-update.js';
export { acpAgentEnvironment, acpCodexConfigToml, acpCodexMode } from './executors/acp/acp-agent-environment.js';
export type { AcpAgentConnection, AcpAgentEnvironment } from './executors/acp/acp-agent-environment.js';
export { startWorkflowToolsMcpServer, workflowToolsServerName } from './executors/acp/workflow-tools-mcp-server.js';
export type { WorkflowToolsMcpServer, WorkflowToolsSession, OpenWorkflowToolsSession } from './executors/acp/workflow-tools-mcp-server.js';
export { CodexStreamMapper } from './executors/codex/map-codex-jsonl.js';
export { codexConfigToml, codexSandboxMode } from './executors/codex/codex-config.js';
export { detectAgentCli, detectAgentClis, agentCliSpecs, describeCredential } from './executors/detect-agent-clis.js';
export type { AgentCliName, AgentCliDetection, AgentCliCredential, DetectAgentCliOptions } from './executors/detect-agent-clis.js';
export { checkAgentCliLogin, agentCliLoginCommands, loginCheckEnvironment, parseClaudeAuthStatus, parseCodexLoginStatus } from './executors/agent-cli-login.js';
export type { AgentCliLogin, AgentCliLoginState, CheckAgentCliLoginOptions } from './executors/agent-cli-login.js';
export { describeAgentCli, describeAgentClis } from './executors/describe-agent-clis.js';
export type { DescribeAgentClisOptions } from './executors/describe-agent-clis.js';
export { cliAgentMachine } from './executors/cli-agent-machine.js';
export type { CliAgentMachine, CliAgentMachineEvent } from './executors/cli-agent-machine.js';
export { createCliAgentActor, provideCliAgentMachine, cliAgentInputOf } from './executors/create-cli-agent-actor.js';
export type { CliAgentActor, CliAgentActorOptions, CliAgentActorRuntimeOptions } from './executors/create-cli-agent-actor.js';
export { initialCliAgentContext, cliAgentContextSchema, defaultResumePrompt } from './executors/cli-agent-context.js';
export type { CliAgentContext, CliAgentInput, CliAgentSettings, CliAgentRunRequest } from './executors/cli-agent-context.js';
export { restorableCliAgentSnapshot } from './executors/cli-agent-snapshot.js';
// -- personas, activity log, secrets, statecharts (lead) --
export { builtInPersonas } from './personas/built-in-personas.js';
export { loadPersonas } from './personas/load-personas.js';
export type { LoadedPersonas, LoadPersonasOptions, PersonaProblem } from './personas/load-personas.js';
export { parsePersonaFile } from './personas/parse-persona-file.js';
export { loadRepositoryContext, repositoryContextFiles } from './personas/repository-context.js';
export { personaSchema, personaRoleSchema } from './personas/persona.js';
export type { Persona, PersonaRole, PersonaTools } from './personas/persona.js';
export { ActivityLog, readActivityLog, readRunActivity, exportActivityLog, formatActivityLog, activityKinds } from './log/activity-log.js';
export type { ActivityKind, ActivityRecord, ActivityLogOptions } from './log/activity-log.js';
export { createRedactor, redactorFromEnvironment, REDACTED } from './log/redact.js';
export type { Redactor } from './log/redact.js';
export { SecretRedactor, addEnvironmentSecrets } from './secrets/secret-redactor.js';
export { StreamRedactor } from './secrets/stream-redactor.js';
export { encodingsOf } from './secrets/secret-encodings.js';
export { createProtocolRedaction } from './secrets/protocol-redaction.js';
export type { ProtocolRedaction } from './secrets/protocol-redaction.js';
export { RedactingSecretStore, loadKnownSecrets } from './secrets/redacting-secret-store.js';
export { DestinationRecordingStore, KeyDestinationError, verifyKeyDestination, recordKeyDestination, readKeyDestination } from './secrets/key-destination.js';
export type { KeyDestination } from './secrets/key-destination.js';
export { openSecretStore, KeychainSecretStore } from './secrets/keychain-secret-store.js';
export { FileSecretStore } from './secrets/file-secret-store.js';
export { MemorySecretStore, resolveSecret, isSecretName, secretNames, SecretStoreError } from './secrets/secret-store.js';
export type { SecretStore, SecretName, SecretSource } from './secrets/secret-store.js';
export { machineToGraph } from './statecharts/machine-graph.js';
export type { MachineGraph, MachineGraphState, MachineGraphTransition } from './statecharts/machine-graph.js';
export { graphToMermaid } from './statecharts/graph-to-mermaid.js';
// -- settings --
export {
  settingsSchema,
  defaultSettings,
  providerNameSchema,
  workflowKindSchema,
  anthropicProviderSettingsSchema,
  openAIProviderSettingsSchema,
  compatibleProviderSettingsSchema,
} from './settings/settings.js';
export type { Settings, SettingsInput, ProviderName, WorkflowKind } from './settings/settings.js';
export { mergeSettingsPatch } from './settings/merge-settings-patch.js';
export { openSettingsService, settingsDocument, SETTINGS_FILE_NAME, SETTINGS_SCHEMA_VERSION } from './settings/settings-service.js';
export type { SettingsService, OpenSettingsServiceOptions } from './settings/settings-service.js';
export { createModelForProvider, providerSecretNames, providerLabels } from './settings/create-model.js';
export type { CreateModelOptions } from './settings/create-model.js';
export { resolveModelChoice } from './settings/model-choice.js';
export { parseModelChoice, formatModelChoice, modelChoiceSchema } from './settings/model-choice.js';
export type { ModelChoice, ApiModelChoice, CliModelChoice, ResolvedModelChoice } from './settings/model-choice.js';
export { describeSecrets, secretNameSchema, secretValueSchema, MAX_SECRET_LENGTH } from './settings/secret-status.js';
export { maskSecret, MASK_VISIBLE_CHARACTERS } from './settings/mask-secret.js';
export type { SecretStatus, SecretStatuses } from './settings/secret-status.js';
export { checkProvider } from './settings/check-provider.js';
export type { ProviderCheckResult, CheckProviderOptions } from './settings/check-provider.js';
// -- workflows and runs --
export { createKanbots, createModelResolver } from './kanbots.js';
export type { Kanbots, CreateKanbotsOptions, KanbotsProviders, ProviderKey } from './kanbots.js';
export { RunManager } from './runs/run-manager.js';
export { RunPreflightError, preflightProblemsOf, preflightProblemSchema, preflightResultSchema, preflightFixSchema, settingsTargetSchema } from './runs/preflight-problem.js';
export type { PreflightProblem, PreflightProblemCode, PreflightField, PreflightFix, PreflightResult, SettingsTarget } from './runs/preflight-problem.js';
export { checkRunStart } from './runs/run-preflight.js';
export type { RunPreflightDependencies } from './runs/run-preflight.js';
export type { ProviderFacts, ProviderFactsSource } from './runs/preflight-models.js';
export { listProviderModels } from './settings/list-provider-models.js';
export type { ModelListing, ListProviderModelsOptions } from './settings/list-provider-models.js';
export type { RunManagerOptions, ResolvedModel } from './runs/run-manager.js';
export type { RunEvent, RunEventType, RunListener, RunStatus as RunManagerStatus, RunSummary, RunAgentSummary, RunWorktreeSummary } from './runs/run-events.js';
export type { RunStreamEvent, RunStreamListener } from './runs/run-stream.js';
export { isRunEvent } from './runs/run-stream.js';
export type { GitConfigFinding, GitConfigUndoResult } from './runs/run-git-config.js';
export type { GitConfigChange } from './git/git-config-changes.js';
export type { RunOptions, RunRecord, RunAgentRecord, RunWorktreeRecord } from './runs/run-record.js';
export { RunScheduler, SlotRequestCancelledError } from './runs/run-scheduler.js';
export type { SchedulerLimits, SchedulerState, SlotRequest, QueuedSlot } from './runs/run-scheduler.js';
export { defaultColumnNames } from './runs/card-columns.js';
export type { ColumnNames } from './runs/card-columns.js';
export { restoreAgentSnapshot, interruptedToolContent, taskEndingToolResults } from './runs/restore-agent-snapshot.js';
export type { ToolJournalEntry, RestoredAgentSnapshot } from './runs/restore-agent-snapshot.js';
export { toolsForPersona } from './runs/persona-tools.js';
export { soloWorkflow } from './workflows/solo-workflow.js';
export type { SoloWorkflow } from './workflows/solo-workflow.js';
export { devReviewWorkflow } from './workflows/dev-review-workflow.js';
export type { DevReviewWorkflow } from './workflows/dev-review-workflow.js';
export { workflowSetup, initialWorkflowContext } from './workflows/workflow-setup.js';
export { candidateLabel } from './workflows/candidate-label.js';
export { defineWorkflow, answerToolOf, defaultPersonaOf, parseWorkflowOptions, builtInAnswerTools, WorkflowDefinitionError } from './workflows/workflow-definition.js';
export type { WorkflowDefinition, WorkflowDefinitionInput, WorkflowRoleDefinition, WorkflowAgentSlot, WorkflowOptionsSchema, BuiltInAnswerToolName } from './workflows/workflow-definition.js';
export { WorkflowRegistry, createWorkflowRegistry, DuplicateWorkflowError, UnknownWorkflowError } from './workflows/workflow-registry.js';
export { builtInWorkflows } from './workflows/built-in-workflows.js';
export { describeWorkflow, describeWorkflowOptions } from './workflows/workflow-view.js';
export { workflowIdSchema, type WorkflowId } from './workflows/workflow-id.js';
export { workflowOptionKeys, workflowOptionSchemas, type WorkflowOptionKey } from './workflows/workflow-options.js';
export type { KanbotsWorkflows } from './kanbots.js';
export { reviewSchema, findingSchema as reviewFindingSchema, findingSeveritySchema, reviewVerdictSchema, recurringFindings, isSameFinding, messageSimilarity, findingsMessage } from './workflows/review.js';
export type { Review, RecordedReview, Finding as ReviewFinding, FindingSeverity, ReviewVerdict } from './workflows/review.js';
export { submitReviewTool } from './workflows/submit-review-tool.js';
export { submitJudgementTool, judgementSchema } from './workflows/submit-judgement-tool.js';
export type {
  WorkflowName,
  WorkflowInput,
  WorkflowContext,
  WorkflowEvent,
  WorkflowEmitted,
  PipelineStep,
  AgentStepInput,
  AgentStepOutput,
  GateState,
  Judgement,
  MergeCandidateOutput,
} from './workflows/workflow-types.js';
export { machines, allMachineGraphs } from './statecharts/machines.js';
export type { MachineName } from './statecharts/machines.js';
export { renderStatechartDocs } from './statecharts/statechart-docs.js';
export { bestOfNWorkflow } from './workflows/best-of-n-workflow.js';
export type { BestOfNWorkflow } from './workflows/best-of-n-workflow.js';
export { pipelineWorkflow, defaultPipelineSteps } from './workflows/pipeline-workflow.js';
export type { PipelineWorkflow } from './workflows/pipeline-workflow.js';
// -- agent CLIs in workflows --
export { parseCliAgentChoice, formatCliAgentChoice, assertCliAgentRole, assertCliAgentRoles, agentModelChoice, cliAgentKinds, cliAgentRoles } from './runs/cli-agent-choice.js';
export type { CliAgentKind, CliAgentChoice } from './runs/cli-agent-choice.js';
export type { CliExecutorsOptions } from './runs/cli-executors.js';
export type { AgentKind } from './runs/agent-host.js';
export { GitHubClient } from './github/github-client.js';
export type { CheckRunInfo, PullRequestInfo, ReviewCommentInfo, GitHubClientOptions } from './github/github-client.js';
export { GitHubNoTokenError, GitHubTokenError, GitHubRateLimitedError, GitHubUnreachableError, GitHubRequestError, PullRequestExistsError } from './github/github-errors.js';
export { parseGitHubRemote, gitHubApiBaseUrl } from './github/github-remote.js';
export type { GitHubRepository } from './github/github-remote.js';
export { findGitHubToken } from './github/github-token.js';
export { PullRequests, pullRequestFeedback, unsentFeedback } from './github/pull-requests.js';
export type { PullRequestRecord, PullRequestsOptions } from './github/pull-requests.js';
export { pushBranch, pushEnvironment, remoteUrl, PushError, classifyPushFailure } from './git/push-branch.js';
export type { PushFailure } from './git/push-branch.js';
