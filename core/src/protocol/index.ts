/**
 * Browser-safe subpath `@kanbots/core/protocol`: the one definition of the protocol between the
 * host and its clients — every command (args and result), every topic (payload), the envelope,
 * the snapshot — plus the transport-neutral hub and session, and the client-side seq tracker.
 * zod and plain code only.
 */
export * from './messages.js';
export * from './snapshot.js';
export * from './commands.js';
export * from './topics.js';
export * from './run-views.js';
export * from './workflow-views.js';
export * from './run-commands.js';
export { activityKinds, activityRecordSchema, type ActivityKind, type ActivityRecord } from '../log/activity-record.js';
export * from './settings-commands.js';
export * from './preflight-commands.js';
export { preflightProblemSchema, preflightFixSchema, preflightResultSchema, preflightProblemsOf, settingsTargetSchema } from '../runs/preflight-problem.js';
export type { PreflightProblem, PreflightProblemCode, PreflightField, PreflightFix, PreflightResult, SettingsTarget } from '../runs/preflight-problem.js';
export { agentCliStatusSchema, agentCliLabels } from '../executors/agent-cli-status.js';
export type { AgentCliStatus } from '../executors/agent-cli-status.js';
export * from './project-commands.js';
export { repositoryCheckSchema, repositoryProblemSchema } from '../projects/repository-check-schema.js';
export type { RepositoryCheck, RepositoryProblem } from '../projects/repository-check-schema.js';
export { agentEventSchema } from './agent-event-schema.js';
export { toRunView } from './run-view-of-summary.js';
export { checkOutcomeWords, failedCheckConclusions, isFailedCheck } from '../github/check-outcome.js';
export { emptyAgentLiveState, foldAgentEvent } from './agent-live-state.js';
export type { AgentLiveState } from './agent-live-state.js';
export { agentEventOfActivity, liveStatesOfActivity } from './agent-events-of-activity.js';
export { machineGraphSchema } from './statechart-schema.js';
export { boardCommands } from './board-commands.js';
export type { BoardCommandArgs } from './board-commands.js';
export { CommandRegistry, implementCommand } from './command-handler.js';
export type { AnyCommandHandler, CommandContext, CommandHandler } from './command-handler.js';
export { ProtocolError } from './protocol-errors.js';
export type { ProtocolErrorCode } from './protocol-errors.js';
export { ProtocolSession } from './protocol-session.js';
export type { ProtocolSessionOptions, SessionTransport } from './protocol-session.js';
export { ProtocolHub, DEFAULT_BATCH_WINDOW_MS, PING_COMMAND } from './protocol-hub.js';
export type { ProtocolHubOptions } from './protocol-hub.js';
export { timerScheduler, ManualScheduler } from './scheduler.js';
export type { ProtocolScheduler } from './scheduler.js';
export { createBoardCommandHandlers, publishBoardChanges } from './board-command-handlers.js';
export type { BoardCommandTarget } from './board-command-handlers.js';
export { createSeqTracker, eventsOf } from './seq-tracker.js';
export type { SeqTracker, SeqVerdict } from './seq-tracker.js';
export { errorDataSchema } from '../model/error-data.js';
export { limits } from '../model/limits.js';
export type { Limits } from '../model/limits.js';
export { toErrorData } from '../errors.js';
export type { ErrorData } from '../errors.js';
export type { AgentEvent, AgentEventType } from '../agents/agent-events.js';
export type { MachineGraph, MachineGraphState, MachineGraphTransition } from '../statecharts/machine-graph.js';
export { providerNameSchema, settingsSchema } from '../settings/settings.js';
export { settingsPatchSchema } from '../settings/settings-patch.js';
export { modelChoiceSchema, parseModelChoice, formatModelChoice, cliAgentKinds, cliAgentKindSchema } from '../settings/model-choice.js';
export type { ModelChoice, ApiModelChoice, CliModelChoice, CliAgentKind } from '../settings/model-choice.js';
export type { SettingsPatch } from '../settings/settings-patch.js';
export type { ProviderName, Settings } from '../settings/settings.js';
export { secretNameSchema } from '../settings/secret-status.js';
export type { SecretName, SecretSource } from '../secrets/secret-store.js';
export type { SecretStatus } from '../settings/secret-status.js';
export { personaRoleSchema } from '../personas/persona.js';
export { agentName, toolCallWords, toolRequestText, toolRequestWords } from '../runs/plain-status.js';
export type { ToolRequestWords } from '../runs/plain-status.js';
export type { PersonaRole } from '../personas/persona.js';
export * from './worktree-commands.js';
